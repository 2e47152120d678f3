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

/** A GITHUB_OUTPUT file's `name=value` lines. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

/**
 * Runs the named `run:` step of the `deploy` job with a checker exiting `checkerExit` and a
 * terraform that prints `fake-<output name>` (or fails, with `terraformExit`), a
 * GITHUB_OUTPUT file as the runner gives one; returns the outputs the step wrote.
 */
export function runDeployStep(
  doc: any,
  stepName: string,
  checkerExit: number,
  options: { terraformExit?: number } = {},
) {
  const step = doc.jobs.deploy.steps.find((s: any) => s.name === stepName);
  if (!step) throw new Error(`no step "${stepName}" in the deploy job`);
  if (!step.run) throw new Error(`step "${stepName}" runs no script`);
  const dir = fakeTools(checkerExit);
  if (options.terraformExit) {
    fs.writeFileSync(
      path.join(dir, 'terraform'),
      `#!/bin/sh\necho "terraform failed" >&2\nexit ${options.terraformExit}\n`,
      { mode: 0o755 },
    );
  }
  const script = path.join(dir, 'step.sh');
  fs.writeFileSync(script, step.run);
  const outputFile = path.join(dir, 'github-output');
  fs.writeFileSync(outputFile, '');
  const [shell, ...args] = actionsShell(doc, step);
  const result = spawnSync(shell, [...args, script], {
    cwd: dir,
    env: {
      PATH: `${dir}:${process.env.PATH}`,
      AWS_REGION: doc.env.AWS_REGION,
      GITHUB_OUTPUT: outputFile,
    },
    encoding: 'utf8',
  });
  return {
    status: result.status,
    stdout: result.stdout,
    dir,
    outputs: readOutputs(outputFile),
  };
}
