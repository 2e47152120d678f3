import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_SERVICES,
  SandboxServer,
  startSandboxServer,
} from '@fargate-endpoints/aws-sandbox';

/** The escape character that starts every ANSI colour code. */
const ESC = '\u001b';
const LAUNCHER = resolve(__dirname, '../../../bin/fargate-endpoints');

function launch(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (done, fail) => {
      const child = spawn(LAUNCHER, args, { env, cwd: '/' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', chunk => (stdout += chunk));
      child.stderr.on('data', chunk => (stderr += chunk));
      child.on('error', fail);
      child.on('close', code => done({ code, stdout, stderr }));
    },
  );
}

/**
 * The real launcher, as a user or a CI job runs it: bash, the project's own Node, the
 * TypeScript transform, the SDK's default credential chain and standard endpoint settings.
 */
describe('bin/fargate-endpoints', () => {
  const sandbox = new AwsSandbox(createExampleWorld());
  let server: SandboxServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startSandboxServer(sandbox);
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ENDPOINT_URL_EC2: server.url,
      AWS_ENDPOINT_URL_ECS: server.url,
      // Route 53 (private hosted zones), EFS and ECR: without them a zone read is unknown.
      AWS_ENDPOINT_URL_ROUTE_53: server.url,
      AWS_ENDPOINT_URL_ROUTE53PROFILES: server.url,
      AWS_ENDPOINT_URL_EFS: server.url,
      AWS_ENDPOINT_URL_ECR: server.url,
      // The hub role is assumed through STS.
      AWS_ENDPOINT_URL_STS: server.url,
      AWS_ACCESS_KEY_ID: 'AKIDSANDBOX',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });
  afterAll(async () => {
    sandbox.close();
    await server.close();
  });

  it('exits 1 with one JSON report for the broken service', async () => {
    const { code, stdout, stderr } = await launch(
      [
        'check',
        '--ecs-service',
        EXAMPLE_SERVICES['orders-worker'].serviceArn,
        '--json',
      ],
      env,
    );

    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ready).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'missing-endpoint', service: 'ecr.api' }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 's3-route-table-missing' }),
    );
    expect(
      sandbox.countCalls({ service: 'ecs', action: 'DescribeServices' }),
    ).toBe(1);
  }, 60_000);

  it('exits 0 and prints a readable report for the healthy service', async () => {
    const { code, stdout } = await launch(
      ['check', '--ecs-service', EXAMPLE_SERVICES['payments-api'].serviceArn],
      env,
    );

    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^READY {2}0 errors/);
    expect(stdout).not.toContain(`${ESC}[`);
  }, 60_000);

  it('assumes the hub role through STS and exits 0 for the service behind the hub', async () => {
    const { code, stdout, stderr } = await launch(
      [
        'check',
        '--ecs-service',
        EXAMPLE_SERVICES['analytics-api'].serviceArn,
        '--hub-account',
        EXAMPLE_HUB_ACCOUNT_ID,
        '--hub-role-arn',
        `arn:aws:iam::${EXAMPLE_HUB_ACCOUNT_ID}:role/fargate-endpoints-reader`,
      ],
      env,
    );

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^READY {2}0 errors/);
    expect(
      sandbox.countCalls({ service: 'sts', action: 'AssumeRole' }),
    ).toBeGreaterThan(0);
    expect(
      sandbox.countCalls({
        action: 'DescribeVpcEndpoints',
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
      }),
    ).toBe(1);
  }, 60_000);
});
