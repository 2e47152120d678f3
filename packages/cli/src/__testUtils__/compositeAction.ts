/**
 * Test support: a composite action run the way the GitHub Actions runner runs it, step by
 * step: each `run:` script written to a file and started under the shell the step names
 * (runner docs, "jobs.<job_id>.steps[*].shell": `bash` is `bash --noprofile --norc -eo
 * pipefail {0}`, `sh` is `sh -e {0}`), with fresh GITHUB_OUTPUT and GITHUB_ENV files per step,
 * one GITHUB_STEP_SUMMARY for the job, RUNNER_TEMP and GITHUB_ACTION_PATH, the `env:` of the
 * step with `${{ inputs.* }}` filled in from the inputs and their defaults, and what earlier
 * steps wrote to GITHUB_ENV. The first failing step ends the run, as in Actions. `uses:` steps
 * are left to the caller (`skipUses` names the ones the machine already provides).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/** The command line the runner uses for a step's shell. */
export function actionsShell(shell: string | undefined): string[] {
  if (shell === 'bash')
    return ['bash', '--noprofile', '--norc', '-eo', 'pipefail'];
  if (shell === 'sh') return ['sh', '-e'];
  if (shell === undefined) return ['bash', '-e'];
  throw new Error(`the test runner does not run shell ${shell}`);
}

/**
 * Reads a GITHUB_OUTPUT or GITHUB_ENV file: `name=value` lines and `name<<DELIMITER`
 * blocks, as the runner's file commands do.
 */
export function readFileCommands(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').split('\n')
    : [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`no closing ${delimiter} for ${name}`);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`not a file command: ${line}`);
    values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

/** Fills `${{ inputs.name }}` and `${{ steps.id.outputs.name }}`; anything else is refused. */
function expand(
  text: string,
  context: {
    inputs: Record<string, string>;
    steps: Record<string, Record<string, string>>;
  },
): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) return context.inputs[input[1]] ?? '';
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (output) return context.steps[output[1]]?.[output[2]] ?? '';
    throw new Error(`the test runner does not evaluate \${{ ${expr} }}`);
  });
}

/** What a run of the action gave. */
export interface CompositeRun {
  /** The exit code of the first failing step, 0 when every step passed. */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The job summary the steps wrote. */
  summary: string;
  /** The action's outputs, as `outputs.*.value` maps them. */
  outputs: Record<string, string>;
  /** The names of the steps that ran, in order. */
  ran: string[];
}

/** Runs a script to its end, without blocking this process (a sandbox may serve it). */
function runScript(
  command: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = command;
    const child = spawn(file, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => resolve({ status: code ?? 128, stdout, stderr }));
  });
}

/** Runs the composite action in `actionDir` with these inputs and environment. */
export async function runCompositeAction(
  actionDir: string,
  options: {
    inputs: Record<string, string>;
    env: NodeJS.ProcessEnv;
    skipUses: string[];
  },
): Promise<CompositeRun> {
  const action = parse(
    fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8'),
  );
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries<any>(action.inputs ?? {})) {
    inputs[name] = options.inputs[name] ?? spec.default ?? '';
  }
  for (const name of Object.keys(options.inputs)) {
    if (!(name in inputs)) throw new Error(`the action has no input ${name}`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fe-action-'));
  const runnerTemp = path.join(work, 'runner-temp');
  fs.mkdirSync(runnerTemp);
  const summaryFile = path.join(work, 'step-summary.md');
  fs.writeFileSync(summaryFile, '');
  const steps: Record<string, Record<string, string>> = {};
  const jobEnv: Record<string, string> = {};
  const run: CompositeRun = {
    exitCode: 0,
    stdout: '',
    stderr: '',
    summary: '',
    outputs: {},
    ran: [],
  };
  for (const [index, step] of (action.runs.steps as any[]).entries()) {
    const name: string = step.name ?? `step ${index}`;
    if (step.uses) {
      if (!options.skipUses.some(prefix => step.uses.startsWith(prefix))) {
        throw new Error(`the test runner cannot run uses: ${step.uses}`);
      }
      continue;
    }
    const outputFile = path.join(work, `output-${index}`);
    const envFile = path.join(work, `env-${index}`);
    fs.writeFileSync(outputFile, '');
    fs.writeFileSync(envFile, '');
    const script = path.join(work, `step-${index}.sh`);
    fs.writeFileSync(script, step.run);
    const stepEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries<string>(step.env ?? {})) {
      stepEnv[key] = expand(String(value), { inputs, steps });
    }
    const result = await runScript([...actionsShell(step.shell), script], {
      cwd: work,
      env: {
        ...options.env,
        ...jobEnv,
        ...stepEnv,
        GITHUB_ACTION_PATH: actionDir,
        GITHUB_OUTPUT: outputFile,
        GITHUB_ENV: envFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: runnerTemp,
      },
    });
    run.ran.push(name);
    run.stdout += result.stdout;
    run.stderr += result.stderr;
    if (step.id) steps[step.id] = readFileCommands(outputFile);
    Object.assign(jobEnv, readFileCommands(envFile));
    if (result.status !== 0) {
      run.exitCode = result.status;
      break;
    }
  }
  run.summary = fs.readFileSync(summaryFile, 'utf8');
  for (const [name, spec] of Object.entries<any>(action.outputs ?? {})) {
    run.outputs[name] = expand(String(spec.value), { inputs, steps });
  }
  fs.rmSync(work, { recursive: true, force: true });
  return run;
}
