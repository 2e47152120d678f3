// Starts the portal exactly as the README's start command does (`yarn start`: the AWS
// sandbox, the backend on :7007, the frontend on :3000) and drives Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');
export const APP_URL = 'http://localhost:3000';
/** The portal's AWS sandbox (scripts/run-portal.sh), with its control routes under /_sandbox/. */
export const SANDBOX_URL = `http://127.0.0.1:${
  process.env.FARGATE_ENDPOINTS_SANDBOX_PORT || 4566
}`;
/**
 * How often the portal started here sweeps, in seconds (app-config.yaml says every minute).
 * Shorter so that e2e/sweep.test.mjs waits seconds, not minutes, for a sweep; longer than
 * cache.minRefreshInterval (15 s), so that every sweep reads AWS afresh.
 */
export const E2E_SWEEP_SECONDS = 20;
const BACKEND_READY = 'http://localhost:7007/.backstage/health/v1/readiness';

async function isUp(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitFor(url, what, timeoutMs, portal) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (portal?.exitCode !== null && portal?.exitCode !== undefined) {
      throw new Error(
        `the portal exited with code ${portal.exitCode} before ${what} was up`,
      );
    }
    if (await isUp(url)) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `${what} did not come up at ${url} within ${timeoutMs / 1000} s`,
  );
}

/** Starts the portal unless one is already running; returns a stop function. */
export async function startPortal() {
  if ((await isUp(BACKEND_READY)) && (await isUp(APP_URL))) {
    return { reused: true, stop: async () => {} };
  }
  const portal = spawn('yarn', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      // Config through the environment (Backstage's APP_CONFIG_ prefix), not a test route.
      APP_CONFIG_fargateEndpoints_sweep_frequency: String(E2E_SWEEP_SECONDS),
      ...process.env,
      BROWSER: 'none',
      FORCE_COLOR: '0',
    },
  });
  const output = [];
  const keep = chunk => {
    output.push(chunk.toString());
    if (output.length > 400) output.shift();
  };
  portal.stdout.on('data', keep);
  portal.stderr.on('data', keep);
  const stop = async () => {
    if (portal.exitCode !== null) return;
    try {
      process.kill(-portal.pid, 'SIGTERM');
    } catch {
      return;
    }
    const exited = new Promise(r => portal.once('exit', r));
    const timer = setTimeout(() => {
      try {
        process.kill(-portal.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(BACKEND_READY, 'the backend', 240_000, portal);
    await waitFor(APP_URL, 'the frontend', 300_000, portal);
  } catch (e) {
    await stop();
    throw new Error(
      `${e.message}\n--- portal output (tail) ---\n${output
        .join('')
        .slice(-6000)}`,
    );
  }
  return { reused: false, stop, output };
}

/** Launches Debian's Chromium headless, never a downloaded browser. */
export async function launchBrowser() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--no-first-run',
    ],
  });
}

/** Opens the portal and signs in as guest, as a person would: the ENTER button on the sign-in page. */
export async function signInAsGuest(page) {
  await page.goto(APP_URL);
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: 120_000 });
  await enter.click();
  await page
    .getByRole('link', { name: 'Catalog' })
    .first()
    .waitFor({ timeout: 60_000 });
}

/** A guest's Backstage token, for the API calls a test makes beside the browser. */
export async function guestToken() {
  const res = await fetch(
    'http://localhost:7007/api/auth/guest/refresh?env=development',
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  if (!res.ok) throw new Error(`guest sign-in failed: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** Calls one of the sandbox's control routes (packages/aws-sandbox/src/control.ts). */
export async function sandboxControl(method, path, body) {
  const res = await fetch(`${SANDBOX_URL}/_sandbox${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json();
  if (!res.ok)
    throw new Error(
      `${method} /_sandbox${path}: HTTP ${res.status} ${answer.error}`,
    );
  return answer;
}

/** Calls the backend as the guest. */
export async function backendApi(path, { token, method = 'GET', body } = {}) {
  const res = await fetch(`http://localhost:7007/api${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(
      `${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`,
    );
  return text ? JSON.parse(text) : undefined;
}
