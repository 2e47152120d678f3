/**
 * Test support: a step of a generated workflow run the way GitHub Actions runs it: the
 * step's script in a file, under the shell Actions picks, with fakes of the checker and
 * terraform on the PATH.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The shell command line GitHub Actions uses for a step (runner docs, "jobs.<id>.steps[*].shell"). */
export function actionsShell(doc: any, step: any): string[] {
  const shell = step.shell ?? doc.defaults?.run?.shell;
  return shell === 'bash'
    ? ['bash', '--noprofile', '--norc', '-eo', 'pipefail']
    : ['bash', '-e'];
}

/** A bin directory with fakes of the checker (exiting `checkerExit`) and terraform. */
export function fakeTools(checkerExit: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fe-ci-'));
  const write = (name: string, body: string) => {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, {
      mode: 0o755,
    });
  };
  write(
    'fargate-endpoints',
    `echo '{"ready": ${checkerExit === 0}, "verdict": "${
      checkerExit === 0 ? 'ready' : 'not-ready'
    }"}'; exit ${checkerExit}`,
  );
  write('terraform', 'echo "fake-$3"');
  return dir;
}

/** Runs the named step of the `deploy` job with a checker exiting `checkerExit`. */
export function runDeployStep(doc: any, stepName: string, checkerExit: number) {
  const step = doc.jobs.deploy.steps.find((s: any) => s.name === stepName);
  if (!step) throw new Error(`no step "${stepName}" in the deploy job`);
  const dir = fakeTools(checkerExit);
  const script = path.join(dir, 'step.sh');
  fs.writeFileSync(script, step.run);
  const [shell, ...args] = actionsShell(doc, step);
  const result = spawnSync(shell, [...args, script], {
    cwd: dir,
    env: {
      PATH: `${dir}:${process.env.PATH}`,
      AWS_REGION: doc.env.AWS_REGION,
    },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, dir };
}
