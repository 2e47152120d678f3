// The portal as a new user meets it: guest sign-in, the example catalog, the endpoint health
// card on a healthy and on a broken service, the fleet overview, and the golden-path template
// run end to end into a local git repository. Screenshots land in e2e/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  APP_URL,
  ROOT,
  SCREENSHOTS,
  backendApi,
  guestToken,
  launchBrowser,
  signInAsGuest,
  startPortal,
} from './portal.mjs';

let portal;
let browser;
let page;
const createdService = `e2e-${Date.now().toString(36)}`;
const createdRepo = join(ROOT, '.local-repos', createdService);

before(
  async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await signInAsGuest(page);
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  await portal?.stop();
  rmSync(createdRepo, { recursive: true, force: true });
});

async function screenshot(name) {
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(existsSync(file), `${file} was written`);
}

/** The endpoint health card on the current entity page. */
function card() {
  return page
    .locator('article, .MuiCard-root')
    .filter({ hasText: 'Private networking' })
    .last();
}

test('a guest sees the example catalog', { timeout: 180_000 }, async () => {
  await page.goto(APP_URL);
  await page
    .getByRole('link', { name: 'payments-api' })
    .waitFor({ timeout: 120_000 });
  for (const name of ['orders-worker', 'legacy-reports']) {
    assert.ok(
      (await page.getByRole('link', { name }).count()) > 0,
      `${name} is listed`,
    );
  }
  await screenshot('catalog');
});

test(
  'the healthy service says Ready, endpoint by endpoint',
  { timeout: 180_000 },
  async () => {
    await page.getByRole('link', { name: 'payments-api' }).first().click();
    await page.getByText('team-payments').first().waitFor({ timeout: 60_000 });
    const health = card();
    await health
      .getByRole('region', { name: 'Verdict' })
      .getByText(/^Ready/)
      .first()
      .waitFor({ timeout: 90_000 });
    const text = await health.innerText();
    assert.doesNotMatch(text, /Not ready/);
    for (const service of [
      'ecr.api',
      'ecr.dkr',
      's3',
      'logs',
      'secretsmanager',
    ]) {
      assert.match(
        text,
        new RegExp(`\\b${service.replace('.', '\\.')}\\b`),
        `${service} row`,
      );
    }
    assert.match(text, /PrivateLink/);
    assert.match(text, /\$\d+\.\d\d a month/);
    await health.scrollIntoViewIfNeeded();
    await screenshot('card-payments-api-ready');
  },
);

test(
  'the broken service says Not ready, why, and the fix',
  { timeout: 180_000 },
  async () => {
    await page.goto(`${APP_URL}/catalog/default/component/orders-worker`);
    const health = card();
    await health
      .getByRole('region', { name: 'Verdict' })
      .getByText(/^Not ready/)
      .first()
      .waitFor({ timeout: 90_000 });
    // Each finding opens to its fix.
    const closed = health.locator('[aria-expanded="false"]');
    for (let i = await closed.count(); i > 0; i--) await closed.first().click();
    await health
      .getByText(/aws_vpc_endpoint/)
      .first()
      .waitFor({ timeout: 30_000 });
    const text = await health.innerText();
    assert.match(text, /No ecr\.api endpoint/);
    assert.match(text, /ecr\.api/);
    assert.match(text, /S3 route missing on rtb-/);
    assert.match(text, /aws ec2 modify-vpc-endpoint/, 'a CLI fix is offered');
    assert.match(
      text,
      /ResourceInitializationError/,
      'the latest stopped-task error is shown',
    );
    assert.match(text, /Explained by/i);
    assert.match(text, /aws_vpc_endpoint/, 'a Terraform fix is offered');
    const consoleLink = health
      .getByRole('link', { name: /vpc-040cb4c9c36f053fd/ })
      .first();
    assert.match(
      (await consoleLink.getAttribute('href')) ?? '',
      /^https:\/\/console\.aws\.amazon\.com\/vpcconsole\/home\?region=eu-west-1#/,
    );
    await health.scrollIntoViewIfNeeded();
    await screenshot('card-orders-worker-not-ready');
  },
);

test(
  'platform teams see every linked service grouped by VPC',
  { timeout: 180_000 },
  async () => {
    await page.goto(`${APP_URL}/fargate-endpoints`);
    await page
      .getByText('vpc-040cb4c9c36f053fd')
      .first()
      .waitFor({ timeout: 90_000 });
    const text = await page.locator('body').innerText();
    for (const vpc of ['vpc-053a690d98a45f18f', 'vpc-02eef2357b4e125d5']) {
      assert.match(text, new RegExp(vpc));
    }
    assert.match(text, /orders-worker/);
    assert.match(text, /legacy-reports/);
    await screenshot('overview');
  },
);

test(
  'the golden-path template creates a service repository that joins the catalog',
  { timeout: 300_000 },
  async () => {
    await page.goto(`${APP_URL}/create`);
    await page
      .getByText('Fargate service in private subnets (no NAT)')
      .first()
      .waitFor({ timeout: 90_000 });
    await screenshot('create');

    const token = await guestToken();
    const { id } = await backendApi('/scaffolder/v2/tasks', {
      token,
      method: 'POST',
      body: {
        templateRef: 'template:default/fargate-private-service',
        values: {
          name: createdService,
          description: 'Created by the end-to-end test',
          owner: 'group:default/team-payments',
          system: 'system:default/shop',
          region: 'eu-west-1',
          accountId: '111111111111',
          vpcMode: 'existingVpc',
          vpcId: 'vpc-053a690d98a45f18f',
          subnetIds: ['subnet-02dd1576b37180013', 'subnet-01fa9c851ef49ee89'],
          lookupExistingEndpoints: true,
          needs: ['ssm'],
          secrets: [],
          containerPort: 8080,
          cpu: 256,
          memory: 512,
          desiredCount: 2,
          publishTarget: 'local',
        },
      },
    });
    let task;
    for (let i = 0; i < 120; i++) {
      task = await backendApi(`/scaffolder/v2/tasks/${id}`, { token });
      if (task.status === 'completed' || task.status === 'failed') break;
      await new Promise(r => setTimeout(r, 1000));
    }
    if (task.status !== 'completed') {
      const events = await backendApi(`/scaffolder/v2/tasks/${id}/events`, {
        token,
      });
      const log = events
        .map(e => e.body?.message)
        .filter(Boolean)
        .join('\n');
      assert.fail(
        `the template run ended ${task.status}:\n${log.slice(-3000)}`,
      );
    }

    // The repository on disk: a git repository with one commit, Terraform and a catalog entry.
    assert.ok(
      existsSync(join(createdRepo, '.git')),
      'a git repository was published locally',
    );
    const log = execFileSync('git', ['-C', createdRepo, 'log', '--oneline'], {
      encoding: 'utf8',
    });
    assert.equal(log.trim().split('\n').length, 1);
    const endpoints = readFileSync(join(createdRepo, 'endpoints.tf'), 'utf8');
    assert.match(
      endpoints,
      /"ssm"/,
      'the ssm endpoint the VPC lacks is created',
    );
    assert.match(
      endpoints,
      /data "aws_vpc_endpoint" "reused"/,
      'the endpoints the VPC has are reused, not duplicated',
    );
    assert.match(
      readFileSync(join(createdRepo, 'catalog-info.yaml'), 'utf8'),
      new RegExp(`name: ${createdService}`),
    );

    // The catalog picks the new component up from the local repository.
    await page.goto(`${APP_URL}/catalog/default/component/${createdService}`);
    for (
      let i = 0;
      i < 12 && !(await page.getByText('team-payments').count());
      i++
    ) {
      await page.waitForTimeout(5000);
      await page.reload();
    }
    await page.getByText('team-payments').first().waitFor({ timeout: 30_000 });
    await screenshot('created-service');
  },
);
