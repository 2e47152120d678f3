// The private networking card and the overview as an on-call engineer meets them, in Chromium:
// every example service of the local catalog at 1440 px, in a half-width window (720 px) and
// on a phone (390 px). Nothing inside the card scrolls sideways, the verdict is on the first
// screen, axe-core finds no serious or critical violation, our components log no React
// warning, and the time from a click in the catalog list to the verdict is printed.
// Screenshots land in e2e/screenshots/ (gitignored).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  APP_URL,
  SCREENSHOTS,
  launchBrowser,
  signInAsGuest,
  startPortal,
} from './portal.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The example services of examples/entities.yaml that carry our annotations. */
const SERVICES = [
  { name: 'payments-api', verdict: /^Ready/ },
  { name: 'orders-worker', verdict: /^Not ready: .*no ecr\.api endpoint/ },
  { name: 'legacy-reports', verdict: /^Ready/ },
  // Served by the hub VPC's shared endpoints (zones, a Route 53 Profile, a transit gateway).
  { name: 'analytics-api', verdict: /^Ready/, shows: /hub endpoint vpce-/ },
  // An EFS volume, a pull-through cache image and a cross-account sidecar.
  {
    name: 'media-worker',
    verdict: /^Ready/,
    shows:
      /Also needed \(3\)[\s\S]*EFS file system fs-[\s\S]*mount target in each AZ/,
  },
  // Served by a shared-services VPC of its own account, read with the portal's own credentials.
  { name: 'inventory-api', verdict: /^Ready/, shows: /hub endpoint vpce-/ },
  { name: 'checkout-preview', verdict: /^(Ready|Not ready|Unknown)/ },
];

const LAYOUTS = [
  { name: '1440', width: 1440, height: 900 },
  // A browser window snapped to half of a 1440 px screen.
  { name: 'half', width: 720, height: 900 },
  { name: '390', width: 390, height: 844 },
];

const CARD_SELECTOR =
  '.MuiCard-root:has([data-testid="fargate-endpoints-verdict"])';

/** Component names of this plugin, as React's component stacks print them. */
const OUR_COMPONENTS =
  /EntityFargateEndpointsCard|EntityReportCard|VerdictHeader|FindingsList|FindingItem|EndpointList|EndpointItem|DependencyList|DependencyItem|StoppedTaskBanner|UnknownChecksList|CostLine|CopyableCode|MissingAnnotations|ToneLabel|VerdictLabel|FargateEndpointsOverview|OverviewGroup|ServiceItem|FilterSelect|VerdictSince|fargate-endpoints/;

let portal;
let browser;
let context;
let page;
const reactWarnings = [];
const timings = [];

before(
  async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    page.on('console', message => {
      const text = message.text();
      if (
        ['warning', 'error'].includes(message.type()) &&
        /Warning:/.test(text) &&
        OUR_COMPONENTS.test(text)
      ) {
        reactWarnings.push(text.slice(0, 600));
      }
    });
    await signInAsGuest(page);
  },
  { timeout: 600_000 },
);

after(async () => {
  if (timings.length > 0) {
    console.log('\nTime from a click in the catalog list to the verdict:');
    for (const t of timings) console.log(`  ${t.name}: ${t.ms} ms`);
  }
  await browser?.close();
  await portal?.stop();
});

function verdictLocator() {
  return page.getByTestId('fargate-endpoints-verdict');
}

function cardLocator() {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByTestId('fargate-endpoints-verdict') });
}

/** Elements inside the root whose content is wider than their box (sideways scroll or clipping). */
async function horizontalOverflow(locator) {
  return locator.evaluate(root => {
    const describe = el =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
        typeof el.className === 'string' && el.className
          ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}`
          : ''
      } (${el.scrollWidth} > ${el.clientWidth}): ${(el.textContent ?? '')
        .trim()
        .slice(0, 60)}`;
    const offenders = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (!(el instanceof HTMLElement)) continue;
      // Inline boxes have no width of their own; a 1 px box is a visually hidden label.
      if (getComputedStyle(el).display === 'inline' || el.clientWidth <= 1)
        continue;
      if (el.scrollWidth > el.clientWidth + 1) offenders.push(describe(el));
    }
    return offenders;
  });
}

/** Runs axe-core on the element the selector names; returns serious and critical violations. */
async function seriousViolations(selector) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async target => {
    const result = await window.axe.run(document.querySelector(target), {
      resultTypes: ['violations'],
    });
    return result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    }));
  }, selector);
  return violations.filter(v => ['serious', 'critical'].includes(v.impact));
}

/** Opens every finding, so what is measured includes the fixes and their code blocks. */
async function openFindings() {
  const card = cardLocator();
  const closed = card.locator('[aria-expanded="false"]');
  for (let i = await closed.count(); i > 0; i--) {
    await closed.first().click();
  }
  // Measure the settled layout: the expand icon's half-turn briefly sticks out while it rotates.
  await page.waitForFunction(
    selector => {
      const root = document.querySelector(selector);
      return !document
        .getAnimations()
        .some(
          a =>
            a.effect?.getTiming().iterations !== Infinity &&
            root?.contains(a.effect?.target ?? null),
        );
    },
    CARD_SELECTOR,
    { timeout: 10_000 },
  );
}

for (const service of SERVICES) {
  test(
    `the card of ${service.name} reads at a glance at 1440 px, half width and 390 px`,
    { timeout: 300_000 },
    async () => {
      for (const layout of LAYOUTS) {
        await page.setViewportSize({
          width: layout.width,
          height: layout.height,
        });
        // From the catalog list, as a person gets there.
        await page.goto(APP_URL);
        const link = page.getByRole('link', { name: service.name }).first();
        await link.waitFor({ timeout: 120_000 });
        const started = Date.now();
        await link.click();
        await verdictLocator().waitFor({ timeout: 90_000 });
        const ms = Date.now() - started;
        timings.push({ name: `${service.name} @ ${layout.name}`, ms });

        const verdictText = (await verdictLocator().innerText()).trim();
        assert.match(verdictText, service.verdict, `${service.name} verdict`);

        // The verdict is on the first screen, without scrolling.
        const box = await verdictLocator().boundingBox();
        assert.ok(box, 'the verdict is laid out');
        assert.ok(
          box.y >= 0 && box.y < layout.height,
          `${service.name} @ ${layout.name}: the verdict's top (${box.y}) is within the first screen (${layout.height})`,
        );

        // What a person sees first, before touching anything.
        await page.screenshot({
          path: join(
            SCREENSHOTS,
            `card-${service.name}-${layout.name}-first-screen.png`,
          ),
        });
        await openFindings();
        const card = cardLocator();
        if (service.shows) {
          assert.match(
            await card.innerText(),
            service.shows,
            `${service.name}: the card shows what its network is made of`,
          );
        }
        const offenders = await horizontalOverflow(card);
        assert.deepEqual(
          offenders,
          [],
          `${service.name} @ ${layout.name}: nothing inside the card is wider than its box`,
        );
        await card.screenshot({
          path: join(SCREENSHOTS, `card-${service.name}-${layout.name}.png`),
        });
        if (layout.name === '1440') {
          const violations = await seriousViolations(CARD_SELECTOR);
          assert.deepEqual(
            violations,
            [],
            `${service.name}: axe-core serious/critical on the card`,
          );
        }
      }
    },
  );
}

test(
  'the overview has a title, keeps filters in the URL, and reads at 1440 and 390 px',
  { timeout: 300_000 },
  async () => {
    for (const layout of [LAYOUTS[0], LAYOUTS[2]]) {
      await page.setViewportSize({
        width: layout.width,
        height: layout.height,
      });
      await page.goto(`${APP_URL}/fargate-endpoints`);
      await page
        .getByRole('heading', { name: 'Private networking', level: 1 })
        .waitFor({ timeout: 90_000 });
      await page
        .getByRole('status')
        .filter({ hasText: /services?:/ })
        .waitFor({
          timeout: 90_000,
        });
      // Worst first: the VPC of the not-ready orders-worker leads.
      const firstGroup = page
        .locator('section[aria-labelledby^="vpc-"]')
        .first();
      assert.match(await firstGroup.innerText(), /orders-worker/);
      assert.match(await firstGroup.innerText(), /no ecr\.api endpoint/);

      const width = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(
        width.scroll <= width.client,
        `overview @ ${layout.name}: no sideways scroll (${width.scroll} > ${width.client})`,
      );
      const main = page.locator('main').first();
      assert.deepEqual(
        await horizontalOverflow(main),
        [],
        `overview @ ${layout.name}: nothing wider than its box`,
      );
      await page.screenshot({
        path: join(SCREENSHOTS, `overview-${layout.name}.png`),
        fullPage: true,
      });
      const violations = await seriousViolations('main');
      assert.deepEqual(
        violations,
        [],
        `overview @ ${layout.name}: axe-core serious/critical`,
      );
    }

    // A filter lands in the URL and survives a reload.
    await page.getByRole('button', { name: /Verdict/ }).click();
    await page.getByRole('option', { name: 'Not ready' }).click();
    await page.waitForURL(/verdict=not-ready/);
    await page.reload();
    await page
      .getByRole('status')
      .filter({ hasText: /services?: \d+ not ready, 0 unknown, 0 ready/ })
      .waitFor({ timeout: 90_000 });
    assert.match(
      await page.getByRole('button', { name: /Verdict/ }).innerText(),
      /Not ready/,
    );
  },
);

test('no React warning names our components', async () => {
  assert.deepEqual(reactWarnings, []);
});
