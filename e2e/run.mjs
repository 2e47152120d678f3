// Runs every end-to-end test file against ONE portal: starts it (unless one is already up),
// runs `node --test` on e2e/*.test.mjs (each file's startPortal() then reuses it), stops it.
// Starting the portal once per file cost minutes each and raced the previous file's shutdown.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startPortal } from './portal.mjs';

const files = readdirSync(join(ROOT, 'e2e'))
  .filter(f => f.endsWith('.test.mjs'))
  .sort()
  .map(f => join('e2e', f));

const started = Date.now();
const portal = await startPortal();
console.log(
  `# portal ${portal.reused ? 'already running' : 'started'} in ${(
    (Date.now() - started) /
    1000
  ).toFixed(1)} s`,
);
let code = 1;
try {
  code = await new Promise(resolve => {
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=1', ...files, ...process.argv.slice(2)],
      { cwd: ROOT, stdio: 'inherit' },
    );
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
} finally {
  await portal.stop();
}
process.exit(code);
