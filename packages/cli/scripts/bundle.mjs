/**
 * Builds the published CLI: one CommonJS file, dist/fargate-endpoints.cjs, with the engine,
 * the common package and the AWS SDK clients bundled in. The package therefore has no runtime
 * dependencies: `npm install @fargate-endpoints/cli` fetches one tarball and runs on plain
 * Node 22 (no TypeScript transform, no Backstage).
 *
 * `backstage-cli repo build` skips this package (its build script is not
 * `backstage-cli package build`), so this is the one build of it.
 */
import { build } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = resolve(root, 'dist/fargate-endpoints.cjs');

rmSync(resolve(root, 'dist'), { recursive: true, force: true });
const started = Date.now();
await build({
  entryPoints: [resolve(root, 'src/index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // The AWS SDK's ES modules, so that unused parts of it are left out.
  mainFields: ['module', 'main'],
  // Readable stack traces: whitespace and syntax minified, names kept.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'external',
  logLevel: 'warning',
});
const size = statSync(outfile).size;
console.log(
  `built ${outfile} (${(size / 1024 / 1024).toFixed(1)} MB) in ${
    Date.now() - started
  } ms`,
);
