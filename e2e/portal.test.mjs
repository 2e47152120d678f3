import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { APP_URL, SCREENSHOTS, launchBrowser, signInAsGuest, startPortal } from './portal.mjs';

let portal;
let browser;
let page;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signInAsGuest(page);
}, { timeout: 600_000 });

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('a guest sees the example catalog', { timeout: 180_000 }, async () => {
  await page.goto(`${APP_URL}/catalog?filters[kind]=component`);
  await page.getByRole('link', { name: 'payments-api' }).waitFor({ timeout: 120_000 });
  for (const name of ['orders-worker', 'legacy-reports']) {
    assert.equal(await page.getByRole('link', { name }).count() > 0, true, `${name} is listed`);
  }
  const file = join(SCREENSHOTS, 'catalog.png');
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(existsSync(file));
});

test('an example component opens with its owner and system', { timeout: 180_000 }, async () => {
  await page.getByRole('link', { name: 'payments-api' }).first().click();
  await page.getByRole('heading', { name: /payments-api/ }).first().waitFor({ timeout: 120_000 });
  await page.getByText('team-payments').first().waitFor();
  const file = join(SCREENSHOTS, 'component-payments-api.png');
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(existsSync(file));
});
