// After the fresh app's install: for every @backstage/* package (and peer dependency) the
// packed plugins use, the version the plugin itself loads (Node's resolution from where it
// was installed), the version the app workspace that hosts it loads (packages/app for the
// frontend plugin, packages/backend for the backend ones), and the range the plugin declares.
// Fails when a loaded version is outside the declared range, or when a peer dependency is
// not the host's own copy. A plugin with its own copy of a regular dependency is listed
// ("own copy"): Backstage apps carry such duplicates, and the browser and API checks that
// follow show whether the plugin works with them.
//
// usage: node check-peers.mjs <appDir> <tarballDir>
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const [appDir, tarballDir] = process.argv.slice(2).map(p => resolve(p));
const require = createRequire(join(appDir, 'package.json'));
const semver = require('semver');

const manifests = readdirSync(tarballDir)
  .filter(f => f.endsWith('.tgz') && !f.includes('-cli-'))
  .map(f =>
    JSON.parse(
      execFileSync(
        'tar',
        ['xzf', join(tarballDir, f), '-O', 'package/package.json'],
        { encoding: 'utf8' },
      ),
    ),
  );

/** The version of `name` that Node loads from `fromDir` (walking up node_modules). */
function loadedVersion(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) {
      return JSON.parse(readFileSync(candidate, 'utf8')).version;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function installDir(name, host) {
  for (const base of [join(appDir, host), appDir]) {
    const dir = join(base, 'node_modules', name);
    if (existsSync(join(dir, 'package.json'))) return realpathSync(dir);
  }
  return undefined;
}

let failures = 0;
const lines = [];
for (const pkg of manifests) {
  const frontend =
    pkg.backstage?.role === 'frontend-plugin' ||
    pkg.backstage?.role === 'web-library';
  // The frontend plugin is hosted by both apps (new and legacy frontend system).
  const hosts = frontend
    ? ['packages/app', 'packages/app-legacy']
    : ['packages/backend'];
  const dir = installDir(pkg.name, hosts[0]);
  if (!dir) {
    console.error(`${pkg.name} is not installed in the fresh app`);
    failures++;
    continue;
  }
  const wanted = [
    ...Object.entries(pkg.dependencies ?? {})
      .filter(([n]) => n.startsWith('@backstage/'))
      .map(([n, r]) => [n, r, 'dep']),
    ...Object.entries(pkg.peerDependencies ?? {}).map(([n, r]) => [
      n,
      r,
      'peer',
    ]),
  ];
  for (const [name, range, kind] of wanted) {
    const mine = loadedVersion(name, dir);
    const hostVersions = hosts.map(h => loadedVersion(name, join(appDir, h)));
    let note = '';
    if (!mine || !semver.satisfies(mine, range)) {
      note = '  <-- outside the declared range';
      failures++;
    } else if (kind === 'peer' && hostVersions.some(v => v && v !== mine)) {
      note = "  <-- a peer, but not the host app's copy";
      failures++;
    } else if (hostVersions.some(v => v && v !== mine)) {
      note = '  (own copy)';
    }
    lines.push(
      `${pkg.name.replace('@fargate-endpoints/', '').padEnd(52)} ${name.padEnd(
        38,
      )} ${`${range}${kind === 'peer' ? ' peer' : ''}`.padEnd(34)} ${String(
        mine,
      ).padEnd(9)} ${hostVersions.map(v => v ?? '-').join(' / ')}${note}`,
    );
  }
}
console.log(
  `${'package'.padEnd(52)} ${'uses'.padEnd(38)} ${'declared'.padEnd(
    34,
  )} ${'loads'.padEnd(9)} host loads (app / app-legacy, or backend)`,
);
console.log(lines.join('\n'));
if (failures) {
  console.error(`${failures} dependency range(s) not met in the fresh app`);
  process.exit(1);
}
