// The background sweep as the owner of payments-api meets it, in the running portal: someone
// deletes the ecr.api endpoint of the payments VPC (through the sandbox's control route, as a
// network team would in the console); within one sweep team-payments has exactly one
// notification naming the deleted vpce, ecr.api and the fix, and the card in Chromium says
// "Not ready since <time>" with the change; putting the endpoint back sends exactly one
// recovery notification and the card is ready again. The guest signs in as the catalog's
// user:default/guest, a member of team-payments (examples/org.yaml), and reads notifications
// through the notifications backend's API as that user. The world is restored at the end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  APP_URL,
  SCREENSHOTS,
  backendApi,
  guestToken,
  launchBrowser,
  sandboxControl,
  signInAsGuest,
  startPortal,
} from './portal.mjs';

/** The payments-api VPC of the sandbox's example world (packages/aws-sandbox README). */
const PAYMENTS_VPC = 'vpc-053a690d98a45f18f';
const ENTITY_PATH = '/catalog/default/component/payments-api';
const HISTORY =
  '/fargate-endpoints/v1/entities/component/default/payments-api/history';
// Long enough for two sweeps at app-config.yaml's one minute, when a running portal is reused.
const SWEEP_WAIT_MS = 150_000;

let portal;
let browser;
let page;
let token;
/** The deleted endpoint, while it is deleted: the world to put back. */
let deleted;
const timings = [];
/** What the owner and the card said, printed at the end. */
const seen = [];

const since = t0 => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

async function until(what, probe, timeoutMs = SWEEP_WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}`,
      );
    await new Promise(r => setTimeout(r, 1000));
  }
}

const history = () => backendApi(HISTORY, { token });

/** The sweep's notifications to the guest since `after` (ISO), oldest first. */
async function notificationsSince(afterIso) {
  const { notifications } = await backendApi(
    `/notifications/notifications?topic=fargate-endpoints&createdAfter=${encodeURIComponent(
      afterIso,
    )}&limit=50`,
    { token },
  );
  return notifications
    .filter(n =>
      /payments-api/.test(`${n.payload.title}\n${n.payload.description}`),
    )
    .sort((a, b) => a.created.localeCompare(b.created));
}

/** Resolves once a sweep that started after `t` has checked payments-api. */
async function nextSweepAfter(t) {
  return until('the next sweep of payments-api', async () => {
    const h = await history();
    return h.lastSweptAt && Date.parse(h.lastSweptAt) > t ? h : undefined;
  });
}

/** The card of payments-api, reloaded until its verdict and history lines match. */
async function cardShows(verdict, sinceLine) {
  return until(
    `the card to show ${verdict} and ${sinceLine}`,
    async () => {
      await page.goto(`${APP_URL}${ENTITY_PATH}`);
      const verdictLine = page.getByTestId('fargate-endpoints-verdict');
      await verdictLine.waitFor({ timeout: 90_000 });
      const historyBox = page.getByLabel('Verdict history');
      await historyBox.waitFor({ timeout: 10_000 }).catch(() => undefined);
      const text = {
        verdict: (await verdictLine.innerText()).trim(),
        history: (await historyBox.count())
          ? (await historyBox.innerText()).trim()
          : '',
      };
      return verdict.test(text.verdict) && sinceLine.test(text.history)
        ? text
        : undefined;
    },
    90_000,
  );
}

before(
  async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    page = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
    await signInAsGuest(page);
    token = await guestToken();
    const { sub } = JSON.parse(
      Buffer.from(token.split('.')[1], 'base64url').toString('utf8'),
    );
    assert.equal(sub, 'user:default/guest', 'the guest is the catalog user');
  },
  { timeout: 600_000 },
);

after(async () => {
  if (deleted) {
    await sandboxControl(
      'PUT',
      `/vpcs/${PAYMENTS_VPC}/endpoints`,
      deleted,
    ).catch(() => sandboxControl('POST', '/reset'));
  }
  if (timings.length) {
    console.log('\nSweep scenario timings:');
    for (const [what, took] of timings) console.log(`  ${what}: ${took}`);
  }
  for (const [what, text] of seen) console.log(`${what}:\n  ${text}`);
  await browser?.close();
  await portal?.stop();
});

/** The first-sweep digests the guest has, by title. */
async function digests() {
  const { notifications } = await backendApi(
    '/notifications/notifications?topic=fargate-endpoints&limit=100',
    { token },
  );
  return notifications.filter(n =>
    /already not ready when the watch began/.test(n.payload.title),
  );
}

/** Resolves once a sweep that started after `t` has checked orders-worker. */
async function ordersSweptAfter(t) {
  return until('a sweep of orders-worker', async () => {
    const h = await backendApi(
      '/fargate-endpoints/v1/entities/component/default/orders-worker/history',
      { token },
    );
    return h.lastSweptAt && Date.parse(h.lastSweptAt) > t
      ? Date.parse(h.lastSweptAt)
      : undefined;
  });
}

test(
  'what was already broken when the watch began reaches each owner once, in the bell',
  { timeout: 600_000 },
  async () => {
    const t0 = Date.now();
    const [first] = await until('the first-sweep digest', async () => {
      const found = await digests();
      return found.length > 0 ? found : undefined;
    });
    timings.push(['first-sweep digest in the bell', since(t0)]);
    // Two more sweeps (one at a time across replicas): nothing is sent again.
    const s1 = await ordersSweptAfter(Date.parse(first.created));
    await ordersSweptAfter(s1);
    const all = await digests();
    // team-orders: orders-worker. team-payments' checkout-preview is a pre-flight, not broken.
    assert.deepEqual(
      all.map(n => n.payload.title),
      ['orders-worker was already not ready when the watch began'],
    );
    assert.match(all[0].payload.description, /ecr\.api.* Fix: /s);
    seen.push(['first-sweep digest', all[0].payload.title]);

    // In the bell, as the owner sees it: once.
    await page.goto(`${APP_URL}/notifications`);
    const item = page.getByText(
      'orders-worker was already not ready when the watch began',
    );
    await item.first().waitFor({ timeout: 60_000 });
    assert.equal(await item.count(), 1, 'the digest is in the bell once');
    await page.screenshot({
      path: join(SCREENSHOTS, 'bell-first-sweep-digest.png'),
    });
  },
);

test(
  'a deleted ecr.api endpoint reaches the owner once, with the cause and the fix, and its restoration once',
  { timeout: 900_000 },
  async () => {
    // A healthy payments-api recorded by a sweep first: a service broken when first seen
    // opens no incident.
    await until('a sweep to record payments-api ready', async () => {
      const h = await history();
      return h.lastSweptAt && h.current?.verdict === 'ready';
    });
    // Right after a sweep, so that the next one sees the whole VPC without its endpoint.
    const synced = await nextSweepAfter(Date.now());
    const brokeAt = Date.now();
    const brokeIso = new Date(brokeAt - 1000).toISOString();
    const { endpoint } = await sandboxControl(
      'DELETE',
      `/vpcs/${PAYMENTS_VPC}/endpoints/ecr.api`,
    );
    deleted = endpoint;
    assert.match(endpoint.id, /^vpce-/);

    // Within one sweep: one notification to team-payments, naming the cause and the fix.
    const [broke] = await until(
      'the notification that payments-api broke',
      async () => {
        const found = await notificationsSince(brokeIso);
        return found.length ? found : undefined;
      },
    );
    timings.push(['deletion to notification', since(brokeAt)]);
    seen.push([
      'Notification',
      `${broke.payload.title}\n  ${broke.payload.description}`,
    ]);
    assert.notEqual(synced.lastSweptAt, undefined);
    assert.equal(broke.payload.severity, 'high');
    assert.match(broke.payload.title, /payments-api/);
    assert.match(broke.payload.title, /will fail to start tasks/);
    const line = broke.payload.description
      .split('\n')
      .find(l => l.startsWith('payments-api '));
    assert.ok(
      line,
      `a line about payments-api in: ${broke.payload.description}`,
    );
    assert.match(line, /^payments-api not ready since \d\d:\d\d UTC: /);
    assert.match(
      line,
      new RegExp(`After: endpoint ${endpoint.id} for ecr\\.api deleted\\.`),
    );
    assert.match(line, /ecr\.api/);
    assert.match(line, / Fix: \S/);

    // The card says since when and after which change.
    const card = await cardShows(
      /^Not ready/,
      new RegExp(
        // The plugin's one time format: relative, then date, time and zone.
        `^Not ready since (just now|\\d+ \\S+ ago) \\(\\w+ \\d+, \\d{4}, \\d\\d:\\d\\d \\S+\\), after endpoint ${endpoint.id} for ecr\\.api deleted`,
      ),
    );
    timings.push(['deletion to the card saying since', since(brokeAt)]);
    seen.push(['Card', `${card.verdict}\n  ${card.history}`]);
    assert.match(card.verdict, /ecr\.api/);
    await page.screenshot({ path: join(SCREENSHOTS, 'sweep-broken.png') });

    // Another sweep sees the same break and tells no one again.
    await nextSweepAfter(Date.parse(broke.created));
    assert.equal((await notificationsSince(brokeIso)).length, 1);

    // The endpoint comes back: one recovery notification, and the card is ready again.
    const restoredAt = Date.now();
    await sandboxControl('PUT', `/vpcs/${PAYMENTS_VPC}/endpoints`, endpoint);
    deleted = undefined;
    const recovered = await until('the recovery notification', async () => {
      const found = await notificationsSince(brokeIso);
      return found.length > 1 ? found[found.length - 1] : undefined;
    });
    timings.push(['restoration to notification', since(restoredAt)]);
    seen.push([
      'Recovery notification',
      `${recovered.payload.title}\n  ${recovered.payload.description}`,
    ]);
    assert.equal(recovered.payload.severity, 'normal');
    assert.match(recovered.payload.title, /payments-api/);
    assert.match(recovered.payload.title, /ready again/);
    assert.match(
      recovered.payload.description,
      /payments-api ready again at \d\d:\d\d UTC/,
    );

    const readyCard = await cardShows(
      /^Ready/,
      /^Ready since (just now|\d+ \S+ ago) \(\w+ \d+, \d{4}, \d\d:\d\d \S+\)/,
    );
    timings.push(['restoration to the card ready', since(restoredAt)]);
    seen.push(['Card', `${readyCard.verdict}\n  ${readyCard.history}`]);
    assert.doesNotMatch(readyCard.verdict, /^Not ready/);
    await page.screenshot({ path: join(SCREENSHOTS, 'sweep-recovered.png') });

    await nextSweepAfter(Date.parse(recovered.created));
    const all = await notificationsSince(brokeIso);
    assert.deepEqual(
      all.map(n => n.id),
      [broke.id, recovered.id],
      'one notification for the break and one for the recovery, no more',
    );
  },
);
