/**
 * The GitHub Action in actions/check, run as the Actions runner runs a composite action (see
 * __testUtils__/compositeAction.ts), against the AWS sandbox: the CLI installed with npm from
 * a tarball of this package, a ready, a not-ready and an incomplete service, and bad input.
 * The action's metadata is validated against GitHub's action schema (SchemaStore's, through
 * @action-validator/core).
 */
import { validateAction } from '@action-validator/core';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_SERVICES,
  SandboxServer,
  startSandboxServer,
} from '@fargate-endpoints/aws-sandbox';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runCompositeAction } from './__testUtils__/compositeAction';

const ACTION_DIR = path.resolve(__dirname, '../../../actions/check');
const CLI_DIR = path.resolve(__dirname, '..');
const cliPackage = JSON.parse(
  fs.readFileSync(path.join(CLI_DIR, 'package.json'), 'utf8'),
);

/**
 * The CLI as npm installs it: the esbuild bundle (`yarn build`) and the launcher in a
 * tarball whose package.json has no dependencies, as `yarn pack` writes it.
 */
function packCli(into: string): string {
  execFileSync(process.execPath, [path.join(CLI_DIR, 'scripts/bundle.mjs')], {
    stdio: 'ignore',
  });
  const staging = path.join(into, 'package');
  fs.mkdirSync(path.join(staging, 'dist'), { recursive: true });
  fs.cpSync(path.join(CLI_DIR, 'bin'), path.join(staging, 'bin'), {
    recursive: true,
  });
  fs.copyFileSync(
    path.join(CLI_DIR, 'dist/fargate-endpoints.cjs'),
    path.join(staging, 'dist/fargate-endpoints.cjs'),
  );
  const { name, version, bin, engines, files } = cliPackage;
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({
      name,
      version,
      bin,
      engines,
      files,
      main: 'dist/fargate-endpoints.cjs',
    }),
  );
  const tarball = path.join(into, `cli-${version}.tgz`);
  execFileSync('tar', ['-czf', tarball, '-C', into, 'package']);
  return tarball;
}

describe('the GitHub Action actions/check', () => {
  const sandbox = new AwsSandbox(createExampleWorld());
  let server: SandboxServer;
  let work: string;
  let tarball: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startSandboxServer(sandbox);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fe-action-test-'));
    tarball = packCli(work);
    env = {
      PATH: process.env.PATH,
      HOME: work,
      npm_config_cache: path.join(work, 'npm-cache'),
      npm_config_update_notifier: 'false',
      AWS_ENDPOINT_URL: server.url,
      AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }, 120_000);

  afterAll(async () => {
    sandbox.close();
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  beforeEach(() => {
    sandbox.setFaults([]);
    sandbox.resetCalls();
  });

  const run = (inputs: Record<string, string>) =>
    runCompositeAction(ACTION_DIR, {
      inputs: { cli: tarball, 'setup-node': 'false', ...inputs },
      env,
      skipUses: ['actions/setup-node@'],
    });

  it("is valid against GitHub's action metadata schema, and pins the CLI at this release", () => {
    const source = fs.readFileSync(path.join(ACTION_DIR, 'action.yml'), 'utf8');
    expect(validateAction(source).errors).toEqual([]);
    const action = parse(source);
    expect(action.inputs.cli.default).toBe(
      `${cliPackage.name}@${cliPackage.version}`,
    );
    // The schema check works: a composite step without its shell is refused.
    const broken = source.replace(/\n {6}shell: bash\n/, '\n');
    expect(validateAction(broken).errors).not.toEqual([]);
  });

  it('passes a ready service: exit 0, the verdict in the summary, no annotations', async () => {
    const result = await run({
      'ecs-service': EXAMPLE_SERVICES['payments-api'].serviceArn,
    });
    expect(result.ran).toEqual([
      'Install the network checker',
      'Check the network',
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatch(/^## Fargate private network: Ready\n/);
    expect(result.summary).toContain('payments-api');
    expect(result.stdout).not.toMatch(/^::(error|warning)/m);
    expect(result.outputs.verdict).toBe('ready');
    expect(result.outputs['exit-code']).toBe('0');
    expect(JSON.parse(result.outputs.report)).toMatchObject({
      verdict: 'ready',
      ready: true,
    });
  });

  it('fails a service that cannot start: exit 1, each error annotated with its fix', async () => {
    const reportFile = path.join(work, 'orders-check.json');
    const result = await run({
      'ecs-service': EXAMPLE_SERVICES['orders-worker'].serviceArn,
      'report-file': reportFile,
    });
    expect(result.exitCode).toBe(1);
    // Kept where the job asked, for an artifact upload.
    expect(result.outputs['report-file']).toBe(reportFile);
    expect(fs.readFileSync(reportFile, 'utf8').trim()).toBe(
      result.outputs.report.trim(),
    );
    const report = JSON.parse(result.outputs.report);
    expect(report.verdict).toBe('not-ready');
    const errors = report.findings.filter((f: any) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const annotations = result.stdout.match(/^::error .*$/gm) ?? [];
    expect(annotations).toHaveLength(errors.length);
    const ecrApi = errors.find((f: any) => f.service === 'ecr.api');
    // The runner's escaping of workflow commands (toolkit command.ts): % first, then newlines.
    const escapeData = (text: string) =>
      text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    expect(annotations).toContain(
      `::error title=Fargate network%3A missing-endpoint (ecr.api) on ${
        ecrApi.resourceId
      }::${escapeData(`${ecrApi.message}\nFix: ${ecrApi.fix}`)}`,
    );
    expect(result.summary).toMatch(/^## Fargate private network: Not ready\n/);
    expect(result.summary).toContain(
      `| ❌ error | \`missing-endpoint\` ecr.api \`${ecrApi.resourceId}\` |`,
    );
    expect(result.outputs.verdict).toBe('not-ready');
    expect(result.outputs['exit-code']).toBe('1');
  });

  it('fails an incomplete check: exit 2, what could not be checked as warnings', async () => {
    sandbox.setFaults([
      { action: 'DescribeSecurityGroups', kind: 'access-denied' },
    ]);
    const result = await run({
      'ecs-service': EXAMPLE_SERVICES['payments-api'].serviceArn,
    });
    expect(result.exitCode).toBe(2);
    const report = JSON.parse(result.outputs.report);
    expect(report.verdict).toBe('unknown');
    expect(result.stdout).not.toMatch(/^::error/m);
    expect(result.stdout).toMatch(
      /^::warning title=Fargate network%3A could not check security groups::UnauthorizedOperation: .*\(DescribeSecurityGroups\)$/m,
    );
    expect(result.summary).toMatch(/^## Fargate private network: Unknown\n/);
    expect(result.summary).toMatch(
      /### Could not check\n\n- \*\*security groups\*\*: /,
    );
    expect(result.outputs.verdict).toBe('unknown');
    expect(result.outputs['exit-code']).toBe('2');
  });

  it('fails bad input with the flag named, before any AWS call', async () => {
    const result = await run({
      vpc: EXAMPLE_SERVICES['payments-api'].vpcId,
      region: 'eu-west-1',
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(
      /^::error title=fargate-endpoints check could not run::.*--subnets/m,
    );
    expect(result.summary).toMatch(
      /^## Fargate private network: could not check\n/,
    );
    expect(result.outputs.verdict).toBe('unknown');
    expect(result.outputs.report).toBe('');
    expect(sandbox.calls).toEqual([]);
  });
});
