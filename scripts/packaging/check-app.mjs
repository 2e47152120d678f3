// Checks a running fresh app (made by scripts/test-packaging) the way its users meet it:
// the backend's report API for a sandbox service, then Debian's Chromium: guest sign-in,
// the card on a linked component, the golden-path template in /create.
//
// usage: node check-app.mjs api <backendUrl>
//        node check-app.mjs browser <appUrl> <label> <screenshotDir>
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [mode, baseUrl, label, screenshots] = process.argv.slice(2);

async function retry(what, timeoutMs, fn) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      await new Promise(r => setTimeout(r, 2000));
    }
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s: ${last?.message}`);
}

async function api(backendUrl) {
  const refresh = await fetch(
    `${backendUrl}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  assert.equal(refresh.status, 200, 'guest sign-in');
  const token = (await refresh.json()).backstageIdentity.token;
  const get = async path => {
    const res = await fetch(`${backendUrl}/api${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const reports = {};
  for (const name of ['orders-worker', 'payments-api']) {
    reports[name] = await retry(
      `the catalog and the report for ${name}`,
      120_000,
      () =>
        get(`/fargate-endpoints/v1/entities/component/default/${name}/report`),
    );
  }
  for (const [name, body] of Object.entries(reports)) {
    const report = body.report ?? body;
    console.log(
      `GET /api/fargate-endpoints/v1/entities/component/default/${name}/report`,
    );
    console.log(
      JSON.stringify(
        {
          verdict: report.verdict,
          ready: report.ready,
          path: report.path,
          target: report.target,
          needs: report.needs,
          findings: report.findings?.map(f =>
            [f.severity, f.rule, f.service].filter(Boolean).join(' '),
          ),
          unknown: report.unknown?.length,
          cost: report.cost?.summary,
        },
        null,
        2,
      ),
    );
  }
  const broken = reports['orders-worker'].report ?? reports['orders-worker'];
  assert.equal(broken.ready, false, 'orders-worker is not ready');
  assert.ok(
    broken.findings.some(
      f => f.rule === 'missing-endpoint' && f.service === 'ecr.api',
    ),
    'orders-worker: the missing ecr.api endpoint is reported',
  );
  const healthy = reports['payments-api'].report ?? reports['payments-api'];
  assert.equal(healthy.ready, true, 'payments-api is ready');
  const templates = await get(
    '/catalog/entities/by-query?filter=kind=template&fields=metadata.name',
  );
  const names = templates.items.map(t => t.metadata.name);
  console.log(`templates in the catalog: ${names.join(', ')}`);
  assert.ok(
    names.includes('fargate-private-service'),
    'the template is registered',
  );
  assert.ok(
    names.includes('fix-vpc-endpoints'),
    'the fix template the card links to is registered',
  );
}

/** Waits for the first of several locators to show; returns its key (losers are ignored). */
async function firstOf(locators, timeout) {
  const key = await Promise.race(
    Object.entries(locators)
      .map(([k, locator]) =>
        locator.waitFor({ timeout }).then(
          () => k,
          () => new Promise(() => {}),
        ),
      )
      .concat(
        new Promise((_, reject) =>
          setTimeout(
            () =>
              reject(
                new Error(
                  `none of ${Object.keys(locators).join(', ')} showed within ${
                    timeout / 1000
                  } s`,
                ),
              ),
            timeout + 1000,
          ).unref(),
        ),
      ),
  );
  return key;
}

async function browser(appUrl, name, dir) {
  const { chromium } = await import('playwright-core');
  mkdirSync(dir, { recursive: true });
  const chrome = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  try {
    const page = await chrome.newPage({
      viewport: { width: 1600, height: 1200 },
    });
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    // The new frontend system shows a sign-in page with an Enter button; the legacy
    // template's SignInPage signs guests in automatically. Either way, wait until the
    // catalog shows, so the session exists before the next navigation.
    const enter = page.getByRole('button', { name: /^enter$/i });
    const signedIn = page.getByRole('link', { name: 'orders-worker' });
    const signIn = async () => {
      const which = await firstOf({ enter, in: signedIn }, 240_000);
      if (which === 'enter') {
        await enter.click();
        await enter.waitFor({ state: 'detached', timeout: 60_000 });
      }
    };
    await page.goto(appUrl);
    await signIn();
    await signedIn.waitFor({ timeout: 120_000 });
    await page.goto(`${appUrl}/catalog/default/component/orders-worker`);
    // The card's verdict; the card is its nearest ancestor titled "Private networking"
    // (no reliance on the card's markup, which differs between the frontend systems).
    const card = page.getByText('Not ready', { exact: true }).first();
    try {
      // A reload can land on the sign-in page again: sign in once more if it does.
      const first = await firstOf({ card, enter }, 120_000);
      if (first === 'enter') {
        await signIn();
        await card.waitFor({ timeout: 120_000 });
      }
    } catch (e) {
      await page.screenshot({
        path: join(dir, `${name}-orders-worker-failed.png`),
        fullPage: true,
      });
      const body = (await page.locator('body').innerText()).slice(0, 1500);
      throw new Error(
        `[${name}] no "Not ready" card on orders-worker (screenshot ${name}-orders-worker-failed.png); page errors: ${errors.join(
          '; ',
        )}; the page says:\n${body}`,
      );
    }
    const text = await card.evaluate(el => {
      let node = el;
      while (node && !node.innerText.includes('Private networking')) {
        node = node.parentElement;
      }
      return node?.innerText ?? '';
    });
    assert.match(
      text,
      /ecr\.api/,
      'the card names the missing ecr.api endpoint',
    );
    await page.screenshot({
      path: join(dir, `${name}-orders-worker.png`),
      fullPage: true,
    });
    console.log(
      `[${name}] orders-worker card: ${text
        .split('\n')
        .slice(0, 6)
        .join(' | ')}`,
    );

    await page.goto(`${appUrl}/create`);
    const template = page
      .getByText('Fargate service in private subnets (no NAT)')
      .first();
    const shown = await firstOf({ template, enter }, 90_000);
    if (shown === 'enter') {
      await signIn();
      await template.waitFor({ timeout: 90_000 });
    }
    await page.screenshot({
      path: join(dir, `${name}-create.png`),
      fullPage: true,
    });
    console.log(
      `[${name}] /create lists "Fargate service in private subnets (no NAT)"`,
    );
    if (errors.length)
      console.log(`[${name}] page errors: ${errors.join('; ')}`);
  } finally {
    await chrome.close();
  }
}

if (mode === 'api') await api(baseUrl);
else if (mode === 'browser') await browser(baseUrl, label, screenshots);
else {
  console.error(
    'usage: check-app.mjs api <backendUrl> | browser <appUrl> <label> <dir>',
  );
  process.exit(2);
}
