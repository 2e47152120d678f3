// The golden-path template as a new user fills it: the real form in Chromium, step by step,
// for a new isolated VPC and for an existing VPC (lookup off with declared endpoints, and
// lookup on), with a bad CIDR on the way. Each run publishes a local repository whose
// Terraform must parse (HashiCorp's parser, @cdktf/hcl2json) and be fmt-clean, and whose new
// component says "not deployed yet" with its network plan on its card.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';
import YAML from 'yaml';
import {
  APP_URL,
  ROOT,
  SCREENSHOTS,
  launchBrowser,
  signInAsGuest,
  startPortal,
} from './portal.mjs';

const stamp = Date.now().toString(36);
const created = [];
const repoOf = name => join(ROOT, '.local-repos', name);

// The sandbox's example account and its healthy VPC (see packages/aws-sandbox).
const ACCOUNT = '111111111111';
const VPC = 'vpc-053a690d98a45f18f';
const SUBNETS = ['subnet-02dd1576b37180013', 'subnet-01fa9c851ef49ee89'];

let portal;
let browser;
let page;

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
  for (const name of created)
    rmSync(repoOf(name), { recursive: true, force: true });
});

async function screenshot(name) {
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
  });
}

async function choose(selectId, option) {
  await page.locator(`#${selectId}`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function next(expectField) {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.locator(expectField).first().waitFor({ timeout: 15_000 });
}

/** Opens the template and fills the Service step. */
async function startForm(name) {
  await page.goto(`${APP_URL}/create`);
  const card = page
    .locator('.MuiCard-root, article')
    .filter({ hasText: 'Fargate service in private subnets (no NAT)' })
    .last();
  await card.waitFor({ timeout: 90_000 });
  await card.getByRole('button', { name: /choose/i }).click();
  await page.locator('#root_name').fill(name);
  await page.locator('#root_description').fill('Filled in by the form test');
  await page.locator('#root_owner').fill('team-pay');
  await page.getByRole('option', { name: 'team-payments' }).click();
  await next('#root_vpcMode');
}

/** The steps after Network: needs, container defaults, local publish, review, create. */
async function finishForm(name, { needs = [] } = {}) {
  await next('#root_needs');
  for (const need of needs)
    await page.getByRole('checkbox', { name: need, exact: true }).check();
  await next('#root_cpu');
  await next('#root_publishTarget');
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await page
    .getByRole('button', { name: 'Create', exact: true })
    .waitFor({ timeout: 15_000 });
  await screenshot(`form-${name}-review`);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  created.push(name);
  // The result page: the run's steps, then the template's links.
  const catalogLink = page.getByRole('link', {
    name: /Open in the catalog \(the network check is on its page\)/,
  });
  await Promise.race([
    catalogLink.waitFor({ timeout: 120_000 }),
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
  await screenshot(`form-${name}-result`);
  const body = await page.locator('body').innerText();
  assert.match(body, /Endpoints created:/);
  assert.match(body, /Not deployed yet:/);
  assert.equal(
    await catalogLink.getAttribute('href'),
    `/catalog/default/component/${name}`,
  );
  const overview = page.getByRole('link', {
    name: 'Private networking of every service, by VPC',
  });
  assert.equal(await overview.getAttribute('href'), '/fargate-endpoints');
  assert.equal(
    await page.getByRole('link', { name: 'Open the repository' }).count(),
    0,
    'a local repository has no web page to link',
  );
}

/** The published repository: one commit's files, Terraform parsed and fmt-clean. */
async function publishedRepository(name) {
  const dir = repoOf(name);
  assert.ok(existsSync(join(dir, '.git')), `${dir} is a git repository`);
  const files = Object.fromEntries(
    readdirSync(dir)
      .filter(f => f.endsWith('.tf') || f === 'catalog-info.yaml')
      .map(f => [f, readFileSync(join(dir, f), 'utf8')]),
  );
  const terraform = {};
  for (const [file, text] of Object.entries(files)) {
    if (!file.endsWith('.tf')) continue;
    terraform[file] = await parse(file, text);
    assert.equal(await format(text), text, `${file} is terraform fmt-clean`);
  }
  const annotations = YAML.parse(files['catalog-info.yaml']).metadata
    .annotations;
  return { files, terraform, annotations };
}

/** The new component's page, once the catalog has read the local repository. */
async function openComponent(name) {
  await page.goto(`${APP_URL}/catalog/default/component/${name}`);
  for (
    let i = 0;
    i < 24 && !(await page.getByText('team-payments').count());
    i++
  ) {
    await page.waitForTimeout(5000);
    await page.reload();
  }
  const health = page
    .locator('article, .MuiCard-root')
    .filter({ hasText: 'Private networking' })
    .last();
  await health.getByText('Not deployed yet').waitFor({ timeout: 90_000 });
  return health;
}

test(
  'a new isolated VPC: a bad CIDR is named with its fix, the good one is generated',
  { timeout: 400_000 },
  async () => {
    const name = `form-new-${stamp}`;
    await startForm(name);
    await page.locator('#root_vpcCidr').waitFor();
    await page.locator('#root_vpcCidr').fill('10.0.0.0/8');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    const message =
      'VPC CIDR must be an IPv4 range from /16 to /24, such as 10.0.0.0/16 or 10.20.0.0/20';
    await page.getByText(message).first().waitFor({ timeout: 10_000 });
    const form = await page.locator('form').innerText();
    assert.doesNotMatch(form, /oneOf|dependency|must match|instance\./);
    await screenshot('form-bad-cidr');
    await page.locator('#root_vpcCidr').fill('10.20.0.0/20');
    await choose('root_azCount', '3');
    await finishForm(name);

    const { files, terraform, annotations } = await publishedRepository(name);
    assert.ok(terraform['network.tf'].resource?.aws_vpc, 'a VPC is created');
    assert.match(files['variables.tf'], /10\.20\.0\.0\/20/);
    assert.match(
      annotations['fargate-endpoints.io/network-plan'],
      /^a new isolated VPC 10\.20\.0\.0\/20 in 3 AZs; creates endpoints /,
    );
    assert.equal(annotations['fargate-endpoints.io/vpc-id'], undefined);

    const health = await openComponent(name);
    const text = await health.innerText();
    assert.match(text, /Network plan: a new isolated VPC 10\.20\.0\.0\/20/);
    assert.match(text, /terraform apply/);
    assert.doesNotMatch(text, /Missing Annotation|Not ready|\bReady\b/);
    await health.scrollIntoViewIfNeeded();
    await screenshot('card-not-deployed-new-vpc');
  },
);

test(
  'an existing VPC after the form opened on a new one: only its own fields are sent',
  { timeout: 400_000 },
  async () => {
    const name = `form-existing-${stamp}`;
    await startForm(name);
    // Step 2 opens on "A new isolated VPC" and fills its defaults; then the user switches.
    await page.locator('#root_vpcCidr').waitFor();
    await page.locator('#root_accountId').fill(ACCOUNT);
    await choose('root_vpcMode', 'An existing VPC');
    await page.locator('#root_vpcId').waitFor();
    assert.equal(await page.locator('#root_vpcCidr').count(), 0);
    await page.locator('#root_vpcId').fill('vpc-zz');
    await page.locator('#root_subnetIds_0').fill(SUBNETS[0]);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page
      .getByText(/VPC id must look like vpc-0123456789abcdef0/)
      .first()
      .waitFor({ timeout: 10_000 });
    await page.locator('#root_vpcId').fill(VPC);
    // The lookup off: the endpoints the VPC has are declared instead.
    await page.locator('#root_lookupExistingEndpoints').uncheck();
    for (const endpoint of ['ecr.api', 'ecr.dkr', 's3', 'logs'])
      await page.getByRole('checkbox', { name: endpoint, exact: true }).check();
    await finishForm(name, { needs: ['SSM Parameter Store'] });

    const { terraform, annotations, files } = await publishedRepository(name);
    assert.equal(
      terraform['network.tf'].resource?.aws_vpc,
      undefined,
      'no VPC is created',
    );
    assert.doesNotMatch(files['variables.tf'], /10\.0\.0\.0\/16/);
    assert.match(files['endpoints.tf'], /"ssm"/);
    assert.doesNotMatch(
      files['endpoints.tf'],
      /resource "aws_vpc_endpoint" "s3"/,
    );
    assert.equal(annotations['fargate-endpoints.io/vpc-id'], VPC);
    assert.equal(
      annotations['aws.amazon.com/amazon-ecs-service-arn'],
      `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/${name}/${name}`,
    );

    // The planned ARN is not in ECS yet: not deployed, not "not found".
    const health = await openComponent(name);
    const text = await health.innerText();
    assert.match(text, new RegExp(`Network plan: existing VPC ${VPC}`));
    // The reason quotes ECS ("not found"); the state is not an error and not a pass.
    assert.match(text, /Why: \S/);
    assert.doesNotMatch(text, /Missing Annotation|Not ready|\bReady\b/);
    await screenshot('card-not-deployed-existing-vpc');
  },
);

test(
  'an existing VPC with the lookup on reuses what the VPC has',
  { timeout: 300_000 },
  async () => {
    const name = `form-lookup-${stamp}`;
    await startForm(name);
    await page.locator('#root_accountId').fill(ACCOUNT);
    await choose('root_vpcMode', 'An existing VPC');
    await page.locator('#root_vpcId').fill(VPC);
    await page.locator('#root_subnetIds_0').fill(SUBNETS[0]);
    assert.ok(await page.locator('#root_lookupExistingEndpoints').isChecked());
    await finishForm(name, { needs: ['SSM Parameter Store'] });
    const body = await page.locator('body').innerText();
    assert.match(body, /Reused from the VPC: ecr\.api, ecr\.dkr, s3, logs/);
    const { files } = await publishedRepository(name);
    assert.match(files['endpoints.tf'], /data "aws_vpc_endpoint" "reused"/);
  },
);
