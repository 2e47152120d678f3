// After the fresh app's install: the @backstage/* versions it resolved for each packed
// package's dependencies and peer dependencies, that each satisfies the declared range, and
// that the packages the app and plugins must share (API refs, React contexts, extension
// points) exist once, so the plugins use the app's copy.
//
// usage: node check-peers.mjs <appDir> <tarballDir>
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

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
        {
          encoding: 'utf8',
        },
      ),
    ),
  );

// Every copy of a package in the app's node_modules tree.
function copies(name) {
  const found = [];
  const walk = (dir, depth) => {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) {
      found.push(JSON.parse(readFileSync(candidate, 'utf8')).version);
    }
    if (depth > 3) return;
    const nm = join(dir, 'node_modules');
    if (!existsSync(nm)) return;
    for (const entry of readdirSync(nm)) {
      if (entry.startsWith('.')) continue;
      const scoped = entry.startsWith('@')
        ? readdirSync(join(nm, entry)).map(e => join(nm, entry, e))
        : [join(nm, entry)];
      for (const pkgDir of scoped) {
        if (existsSync(join(pkgDir, 'node_modules'))) walk(pkgDir, depth + 1);
      }
    }
  };
  walk(appDir, 0);
  for (const ws of [
    'packages/app',
    'packages/app-legacy',
    'packages/backend',
  ]) {
    const candidate = join(appDir, ws, 'node_modules', name, 'package.json');
    if (existsSync(candidate))
      found.push(JSON.parse(readFileSync(candidate, 'utf8')).version);
  }
  return found;
}

let failures = 0;
const rows = new Map();
for (const pkg of manifests) {
  const ranges = {
    ...Object.fromEntries(
      Object.entries(pkg.dependencies ?? {}).map(([n, r]) => [
        n,
        { range: r, kind: 'dep' },
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(pkg.peerDependencies ?? {}).map(([n, r]) => [
        n,
        { range: r, kind: 'peer' },
      ]),
    ),
  };
  for (const [name, { range, kind }] of Object.entries(ranges)) {
    if (!name.startsWith('@backstage/') && kind !== 'peer') continue;
    const versions = [...new Set(copies(name))];
    const ok =
      versions.length > 0 && versions.some(v => semver.satisfies(v, range));
    const single = versions.length === 1;
    const row = rows.get(name) ?? {
      ranges: new Set(),
      versions,
      ok: true,
      single,
      kind,
    };
    row.ranges.add(`${range}${kind === 'peer' ? ' (peer)' : ''}`);
    row.ok &&= ok;
    rows.set(name, row);
    if (!ok) failures++;
    if (kind === 'peer' && !single) failures++;
  }
}
console.log(
  `${'package the plugins use'.padEnd(44)} ${'declared'.padEnd(
    34,
  )} resolved in the fresh app`,
);
for (const [name, row] of [...rows].sort()) {
  const flag = !row.ok
    ? '  <-- does not satisfy'
    : !row.single
    ? '  (several copies)'
    : '';
  console.log(
    `${name.padEnd(44)} ${[...row.ranges].join(', ').padEnd(34)} ${
      row.versions.join(', ') || 'missing'
    }${flag}`,
  );
}
if (failures) {
  console.error(
    `${failures} dependency range(s) not met by the fresh app (peers must resolve to one copy)`,
  );
  process.exit(1);
}
