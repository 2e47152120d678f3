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
  // Not deployed: a pre-flight of the network its annotations name, never a red outage.
  {
    name: 'checkout-preview',
    verdict: /^Pre-flight: a task started in this network would/,
  },
];

/** How much taller than the About card the closed card may be. */
const MAX_HEIGHT_AGAINST_ABOUT = 3;

const LAYOUTS = [
  { name: '1440', width: 1440, height: 900 },
  // A browser window snapped to half of a 1440 px screen.
  { name: 'half', width: 720, height: 900 },
  { name: '390', width: 390, height: 844 },
];

const CARD_SELECTOR = 'article:has([data-testid="fargate-endpoints-verdict"])';

/**
 * Ids, ARNs, image URIs, regions and AZs as they appear in the card's text, written
 * independently of the plugin's own pattern so that a token the plugin misses is caught.
 */
const TOKEN_SOURCE = [
  String.raw`arn:aws[a-z-]*:[^\s,;)]*[^\s,;).]`,
  String.raw`\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[A-Za-z0-9._\/-]+(?::[A-Za-z0-9._-]+)?`,
  String.raw`\b(?:vpce|vpc|subnet|sg|rtb|acl|fs|fsmt|eni|nat|igw|tgw|pcx|pl|rp)-[0-9a-z]{8,32}\b`,
  String.raw`\b[a-z]{2}-[a-z]+-\d[a-z]?\b`,
].join('|');

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
  if (cardHeights.length > 0) {
    console.log('\nCard height against the About card (closed), px:');
    for (const h of cardHeights)
      console.log(
        `  ${h.where}: ${Math.round(h.card)} / ${Math.round(h.about)} = ${(
          h.card / h.about
        ).toFixed(2)}`,
      );
  }
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
  return page.locator(CARD_SELECTOR);
}

/**
 * Every id-like token in the text under the selector that the browser laid out on more than
 * one line (code blocks excepted: they scroll), and every token box with more than one line box.
 */
async function splitTokens(selector) {
  return page.evaluate(
    ({ selector, source }) => {
      const root = document.querySelector(selector);
      if (!root) return ['(no element for ' + selector + ')'];
      const split = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('pre')) continue;
        for (const match of node.data.matchAll(new RegExp(source, 'g'))) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set(
            [...range.getClientRects()]
              .filter(r => r.width > 0)
              .map(r => Math.round(r.top)),
          );
          if (lines.size > 1) split.push(`${match[0]} (${lines.size} lines)`);
        }
      }
      for (const token of root.querySelectorAll('[data-aws-token]')) {
        if (token.getClientRects().length !== 1)
          split.push(
            `${token.textContent} (${token.getClientRects().length} boxes)`,
          );
      }
      return split;
    },
    { selector, source: TOKEN_SOURCE },
  );
}

/** A box's top and bottom in the viewport, or undefined when it is not laid out. */
async function boxOf(locator) {
  if ((await locator.count()) === 0) return undefined;
  const box = await locator.first().boundingBox();
  return box ? { top: box.y, bottom: box.y + box.height } : undefined;
}

const cardHeights = [];

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
      const style = getComputedStyle(el);
      if (style.display === 'inline' || el.clientWidth <= 1) continue;
      // A code block scrolls sideways on purpose; a long id is cut with an ellipsis.
      if (['auto', 'scroll'].includes(style.overflowX)) continue;
      if (style.textOverflow === 'ellipsis' && style.overflowX === 'hidden')
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
      return !document.getAnimations().some(
        a =>
          a.playState === 'running' &&
          // Scroll-driven animations (the card body's scroll shadow) never finish.
          a.timeline === document.timeline &&
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
        const where = `${service.name} @ ${layout.name}`;
        const box = await boxOf(verdictLocator());
        assert.ok(box, 'the verdict is laid out');
        assert.ok(
          box.top >= 0 && box.bottom <= layout.height,
          `${where}: the verdict (${box.top}-${box.bottom}) is within the first screen (${layout.height})`,
        );
        // When it cannot start: the first cause and its fix, or the fix button, too.
        if (/^Not ready|would not start/.test(verdictText)) {
          const first = page.getByTestId('fargate-endpoints-first-fix');
          const cause = await boxOf(first.locator('h4'));
          const fixWords = await boxOf(first.locator('p'));
          const button = await boxOf(
            page.getByTestId('fargate-endpoints-fix-button'),
          );
          assert.ok(
            cause && cause.bottom <= layout.height,
            `${where}: the first cause (${cause?.top}-${cause?.bottom}) is on the first screen`,
          );
          assert.ok(
            (fixWords && fixWords.bottom <= layout.height) ||
              (button && button.bottom <= layout.height),
            `${where}: the fix (${fixWords?.top}-${fixWords?.bottom}) or the fix button (${button?.top}-${button?.bottom}) is on the first screen (${layout.height})`,
          );
        }
        // No id breaks across lines, before and (below) after opening everything.
        assert.deepEqual(
          await splitTokens(CARD_SELECTOR),
          [],
          `${where}: no id split across lines`,
        );
        // As tall as its neighbour allows: measured closed, against the About card.
        const heights = await page.evaluate(card => {
          // The app's About card: the entity page's card whose heading is "About".
          const about = [...document.querySelectorAll('article')].find(
            a => a.querySelector('h3')?.textContent?.trim() === 'About',
          );
          return {
            card: document.querySelector(card)?.getBoundingClientRect().height,
            about: about?.getBoundingClientRect().height,
          };
        }, CARD_SELECTOR);
        cardHeights.push({ where, ...heights });
        assert.ok(heights.about > 0, `${where}: the About card is on the page`);
        assert.ok(
          heights.card <= MAX_HEIGHT_AGAINST_ABOUT * heights.about,
          `${where}: the card (${heights.card} px) is at most ${MAX_HEIGHT_AGAINST_ABOUT} times the About card (${heights.about} px)`,
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
        assert.deepEqual(
          await splitTokens(CARD_SELECTOR),
          [],
          `${service.name} @ ${layout.name}: no id split across lines, everything open`,
        );
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
      if (layout.name === '390') {
        // On a phone the filters sit behind one button, and a service shows on the first screen.
        await page
          .getByRole('button', { name: /^Filter and sort/ })
          .waitFor({ timeout: 10_000 });
        assert.equal(
          await page.getByRole('button', { name: /Verdict/ }).count(),
          0,
          'overview @ 390: the filters are folded',
        );
        const firstService = await boxOf(
          page.locator('section[aria-labelledby^="vpc-"] li a').first(),
        );
        assert.ok(
          firstService && firstService.bottom <= layout.height,
          `overview @ 390: the first service (${firstService?.top}) is on the first screen`,
        );
      }
      assert.deepEqual(
        await splitTokens('main'),
        [],
        `overview @ ${layout.name}: no id, region or account split across lines`,
      );
      // Worst first: the VPC of the not-ready orders-worker leads.
      const firstGroup = page
        .locator('section[aria-labelledby^="vpc-"]')
        .first();
      assert.match(await firstGroup.innerText(), /orders-worker/);
      assert.match(await firstGroup.innerText(), /no ecr\.api endpoint/);
      // Its owner, and the way to its fix.
      const orders = firstGroup.locator('li', { hasText: 'orders-worker' });
      assert.match(await orders.innerText(), /team-/);
      assert.equal(
        await orders
          .getByRole('button', { name: /Add the missing endpoints for/ })
          .count(),
        1,
        'the overview links orders-worker to its fix',
      );
      // checkout-preview is a pre-flight, not one of the not ready.
      const preview = page.locator('li', { hasText: 'checkout-preview' });
      assert.match(await preview.innerText(), /Pre-flight/);
      assert.doesNotMatch(await preview.innerText(), /Not ready/);

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
    await page.setViewportSize({ width: 1440, height: 900 });
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
