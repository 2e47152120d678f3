// Card → fix → gate, as a user clicks it: orders-worker's card (ecr.api missing, S3 gateway on
// the wrong route table) offers "Add the missing endpoints to this VPC"; the link opens the
// fix-vpc-endpoints template with the form filled from the report; creating it publishes a
// local repository whose Terraform adds ecr.api and the route table association, parses and
// is fmt-clean.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';
import {
  APP_URL,
  ROOT,
  SCREENSHOTS,
  launchBrowser,
  signInAsGuest,
  startPortal,
} from './portal.mjs';

// The sandbox's orders-worker network (see packages/aws-sandbox, the example world).
const VPC = 'vpc-040cb4c9c36f053fd';
const SUBNETS = ['subnet-085ca6670b104ef7d', 'subnet-04589257242e9c2f2'];
const TASK_GROUP = 'sg-043f136833d65d208';
const name = `orders-worker-fix-${Date.now().toString(36)}`;
const repo = join(ROOT, '.local-repos', name);

let portal;
let browser;
let page;

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's serious and critical violations on the template's page (its content, not the app's sidebar). */
async function seriousViolations() {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const content =
      document.querySelector('main') ??
      document.querySelector('article') ??
      document.querySelector('[class*="BackstageContent"]') ??
      document.body;
    const result = await window.axe.run(content, {
      resultTypes: ['violations'],
    });
    return result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    }));
  });
  return violations.filter(v => ['serious', 'critical'].includes(v.impact));
}

before(
  async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await signInAsGuest(page);
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  await portal?.stop();
  rmSync(repo, { recursive: true, force: true });
});

async function screenshot(file) {
  await page.screenshot({
    path: join(SCREENSHOTS, `${file}.png`),
    fullPage: true,
  });
}

test(
  "orders-worker's card opens the fix template filled from its report, and the fix adds what is missing",
  { timeout: 400_000 },
  async () => {
    await page.goto(`${APP_URL}/catalog/default/component/orders-worker`);
    const health = page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'Private networking' })
      .last();
    await health
      .getByRole('region', { name: 'Verdict' })
      .getByText(/^Not ready/)
      .first()
      .waitFor({ timeout: 90_000 });
    const action = health.getByRole('button', {
      name: 'Add the missing endpoints to this VPC',
    });
    await action.scrollIntoViewIfNeeded();
    await screenshot('fix-card-action');
    await action.click();

    await page.waitForURL(/\/create\/templates\/default\/fix-vpc-endpoints/, {
      timeout: 30_000,
    });
    await page.locator('#root_vpcId').waitFor({ timeout: 60_000 });
    assert.equal(
      await page.locator('#root_name').inputValue(),
      'orders-worker-vpc-endpoints',
    );
    assert.equal(await page.locator('#root_vpcId').inputValue(), VPC);
    assert.equal(
      await page.locator('#root_accountId').inputValue(),
      '111111111111',
    );
    const form = await page.locator('form').innerText();
    assert.match(form, /eu-west-1/, 'the region is selected');
    for (const [i, subnet] of SUBNETS.entries())
      assert.equal(
        await page.locator(`#root_subnetIds_${i}`).inputValue(),
        subnet,
      );
    assert.equal(
      await page.locator('#root_securityGroupIds_0').inputValue(),
      TASK_GROUP,
    );
    assert.equal(await page.locator('#root_needs_0').inputValue(), 'ecr');
    assert.equal(await page.locator('#root_needs_1').inputValue(), 'logs');
    await screenshot('fix-form-prefilled');
    // Real labels on list items, no reorder arrows where order means nothing.
    assert.doesNotMatch(form, /(subnetIds|securityGroupIds|needs)-\d/);
    assert.match(form, /Subnet/);
    assert.equal(
      await page.getByRole('button', { name: /move (up|down)/i }).count(),
      0,
      'no reorder arrows',
    );
    assert.match(
      await page.locator('#root_plannedChanges').inputValue(),
      /adds the ecr\.api endpoint/i,
    );
    assert.deepEqual(await seriousViolations(), [], 'axe-core on the fix form');

    // A unique name, so a repository left by an earlier run is no collision.
    await page.locator('#root_name').fill(name);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.locator('#root_publishTarget').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    const create = page.getByRole('button', { name: 'Create', exact: true });
    await create.waitFor({ timeout: 15_000 });
    // The review says what will change, not only what was typed.
    const review = await page.locator('body').innerText();
    assert.match(review, /Planned changes/);
    assert.match(
      review,
      /associates rtb-[0-9a-f]+ with the S3 gateway/,
      'the review names the route table association',
    );
    await screenshot('fix-form-review');
    assert.deepEqual(await seriousViolations(), [], 'axe-core on the review');
    await create.click();

    const result = page.getByText(/Endpoints created:/).first();
    await Promise.race([
      result.waitFor({ timeout: 120_000 }),
      page
        .getByText(/failed/i)
        .first()
        .waitFor({ timeout: 120_000 })
        .then(async () => {
          throw new Error(
            `the run failed:\n${(await page.locator('body').innerText()).slice(
              -3000,
            )}`,
          );
        }),
    ]);
    await screenshot('fix-result');
    const body = await page.locator('body').innerText();
    assert.match(body, new RegExp(`${VPC}: creates ecr\\.api`));
    assert.match(body, /S3 gateway put on:\s*rtb-/);

    assert.ok(existsSync(join(repo, '.git')), `${repo} is a git repository`);
    const endpoints = readFileSync(join(repo, 'endpoints.tf'), 'utf8');
    assert.equal(
      await format(endpoints),
      endpoints,
      'endpoints.tf is fmt-clean',
    );
    const parsed = await parse('endpoints.tf', endpoints);
    assert.ok(
      parsed.resource.aws_vpc_endpoint.interface,
      'an interface endpoint',
    );
    assert.match(
      endpoints,
      /"ecr\.api" = "com\.amazonaws\.\$\{var\.region\}\.ecr\.api"/,
    );
    assert.ok(
      parsed.resource.aws_vpc_endpoint_route_table_association,
      'the S3 gateway goes on the task route table',
    );
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    assert.match(readme, /Fixes \*\*missing-endpoint\*\*/);
    assert.match(readme, /Fixes \*\*s3-route-table-missing\*\*/);
  },
);
