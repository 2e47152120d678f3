#!/usr/bin/env node
// Every reference to a section of our docs/ (`docs/domain.md#cost`) in a tracked file must name a
// page that exists and a heading it has, so a comment that cites our domain notes always
// resolves. (`docs/index.md` without a section is left alone: generated repositories have a
// docs/ folder of their own, which the scaffolder's code names.)
// Exits 1 listing the broken ones. Run by scripts/test.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter(
    f =>
      f &&
      !f.endsWith('yarn.lock') &&
      existsSync(join(root, f)) &&
      // An untracked link to a folder (.tools in a worktree) is no file to read.
      statSync(join(root, f)).isFile(),
  );

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = heading =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = new Map();
function anchors(page) {
  if (!anchorsOf.has(page)) {
    const path = join(root, page);
    anchorsOf.set(
      page,
      existsSync(path)
        ? new Set(
            readFileSync(path, 'utf8')
              .split('\n')
              .filter(line => /^#{1,6} /.test(line))
              .map(line => slug(line.replace(/^#+ /, ''))),
          )
        : undefined,
    );
  }
  return anchorsOf.get(page);
}

const broken = [];
let checked = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  for (const match of text.matchAll(/\bdocs\/([\w-]+\.md)(?:#([\w-]+))?/g)) {
    const page = `docs/${match[1]}`;
    const known = anchors(page);
    if (match[2]) checked += 1;
    if (!match[2]) continue;
    if (!known) broken.push(`${file}: ${match[0]} (no such page)`);
    else if (!known.has(match[2]))
      broken.push(`${file}: ${match[0]} (no heading #${match[2]} in ${page})`);
  }
}
if (broken.length) {
  console.error(`Broken references to docs/:\n  ${broken.join('\n  ')}`);
  process.exit(1);
}
console.log(`docs/ references: ${checked} checked, all resolve`);
