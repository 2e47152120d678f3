import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { createAwsClients } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  addToWorld,
  AwsSandbox,
  ecrImage,
  ecsService,
  isolatedVpc,
  sandboxWorld,
  createExampleWorld,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import { runCli } from './run';

/** The escape character that starts every ANSI colour code. */
const ESC = '\u001b';
const sandbox = new AwsSandbox(createExampleWorld());
const payments = EXAMPLE_SERVICES['payments-api'];
const orders = EXAMPLE_SERVICES['orders-worker'];
const reports = EXAMPLE_SERVICES['legacy-reports'];

registerSandboxTestHooks(sandbox, { world: createExampleWorld });

async function run(
  argv: string[],
  options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {},
) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.isTTY },
    stderr: { write: (t: string) => (stderr += t) },
    env: options.env ?? {},
    version: '0.1.0',
    createClients: o =>
      createAwsClients({
        ...o,
        credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
        retryBaseDelayMs: 1,
        maxAttempts: o.maxAttempts ?? 2,
      }),
  });
  return { code, stdout, stderr };
}

describe('fargate-endpoints check --json', () => {
  it('exits 0 with a ready report for the healthy service', async () => {
    const { code, stdout, stderr } = await run([
      'check',
      '--ecs-service',
      payments.serviceArn,
      '--json',
    ]);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report: CheckReport = JSON.parse(stdout);
    expect(report).toMatchObject({
      ready: true,
      verdict: 'ready',
      path: 'isolated',
    });
    expect(Array.isArray(report.findings)).toBe(true);
  });

  it('exits 1 for the broken service, with missing-endpoint ecr.api and s3-route-table-missing', async () => {
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      orders.serviceArn,
      '--json',
    ]);

    expect(code).toBe(1);
    const report: CheckReport = JSON.parse(stdout);
    expect(report.ready).toBe(false);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'missing-endpoint',
        severity: 'error',
        service: 'ecr.api',
        message: expect.any(String),
        fix: expect.any(String),
      }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 's3-route-table-missing',
        severity: 'error',
      }),
    );
  });

  it('exits 0 on NAT with a nat-egress note', async () => {
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      reports.serviceArn,
      '--json',
    ]);
    expect(code).toBe(0);
    const report: CheckReport = JSON.parse(stdout);
    expect(report.path).toBe('nat');
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'nat-egress', severity: 'info' }),
    );
  });

  it('exits 2 with "incomplete" when nothing is wrong but a check could not run', async () => {
    sandbox.setFaults([
      { action: 'DescribeSecurityGroups', kind: 'access-denied' },
    ]);

    const { code, stdout, stderr } = await run([
      'check',
      '--ecs-service',
      payments.serviceArn,
      '--json',
    ]);

    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({
      ready: false,
      verdict: 'unknown',
      complete: false,
    });
    expect(stderr).toMatch(
      /^fargate-endpoints: incomplete: 1 check could not run \(security groups: UnauthorizedOperation: not authorized to perform ec2:DescribeSecurityGroups\)\n$/,
    );
  });

  it('still exits 1 when errors were found even though some checks could not run', async () => {
    sandbox.setFaults([
      { action: 'DescribeSecurityGroups', kind: 'access-denied' },
    ]);
    const { code } = await run([
      'check',
      '--ecs-service',
      orders.serviceArn,
      '--json',
    ]);
    expect(code).toBe(1);
  });

  it('checks explicit network inputs', async () => {
    const { code, stdout } = await run([
      'check',
      '--region',
      EXAMPLE_REGION,
      '--vpc',
      payments.vpcId,
      '--subnets',
      payments.subnetIds.join(','),
      '--security-groups',
      payments.securityGroupIds.join(','),
      '--needs',
      'ecr,logs,secretsmanager',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      ready: true,
      target: { vpcId: payments.vpcId },
    });
  });
});

describe('fargate-endpoints check, could not check', () => {
  it.each([
    [
      ['check', '--ecs-service', 'not-an-arn'],
      /^fargate-endpoints: --ecs-service: "not-an-arn" is not an ECS service ARN/,
    ],
    [
      ['check', '--ecs-service', payments.serviceArn, '--region', 'us-east-1'],
      /^fargate-endpoints: --region us-east-1 disagrees with the ARN's region eu-west-1/,
    ],
    [
      [
        'check',
        '--region',
        'eu-west-1',
        '--vpc',
        payments.vpcId,
        '--subnets',
        'subnet-1',
        '--security-groups',
        'sg-0a1b2c3d',
      ],
      /^fargate-endpoints: --subnets: "subnet-1" is not a subnet id/,
    ],
    [
      ['check', '--ecs-service', payments.serviceArn, '--needs', 'ecs'],
      /^fargate-endpoints: --needs: need "ecs" is not used by Fargate tasks/,
    ],
  ])(
    'exits 2 on %j with the flag named and no AWS call',
    async (argv, message) => {
      const { code, stdout, stderr } = await run(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(sandbox.calls).toEqual([]);
    },
  );

  it('exits 2 when the service does not exist', async () => {
    const { code, stdout, stderr } = await run([
      'check',
      '--ecs-service',
      payments.serviceArn.replace('payments-api', 'gone'),
      '--json',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'fargate-endpoints: ECS service gone not found in cluster shop (eu-west-1, account 111111111111)\n',
    );
  });

  it('exits 2 when the VPC does not exist', async () => {
    const { code, stderr } = await run([
      'check',
      '--region',
      EXAMPLE_REGION,
      '--vpc',
      'vpc-0000000000000dead',
      '--subnets',
      payments.subnetIds[0],
      '--security-groups',
      payments.securityGroupIds[0],
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'fargate-endpoints: VPC vpc-0000000000000dead not found in eu-west-1\n',
    );
  });

  it('maps an engine field to its flag when subnets are in another VPC', async () => {
    const { code, stderr } = await run([
      'check',
      '--region',
      EXAMPLE_REGION,
      '--vpc',
      orders.vpcId,
      '--subnets',
      payments.subnetIds[0],
      '--security-groups',
      orders.securityGroupIds[0],
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(
        `^fargate-endpoints: --subnets: ${payments.subnetIds[0]} is not in ${orders.vpcId}`,
      ),
    );
  });

  it('says how to provide credentials when there are none', async () => {
    let stderr = '';
    const code = await runCli(['check', '--ecs-service', payments.serviceArn], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      env: {},
      createClients: o =>
        createAwsClients({
          ...o,
          credentials: async () => {
            throw Object.assign(
              new Error('Could not load credentials from any providers'),
              { name: 'CredentialsProviderError' },
            );
          },
        }),
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^fargate-endpoints: no AWS credentials: set AWS_PROFILE/,
    );
  });
});

describe('human output', () => {
  it('prints the verdict, subnets, endpoints, findings with fixes, stopped tasks and cost', async () => {
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      orders.serviceArn,
    ]);

    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^NOT READY {2}\d+ errors?, \d+ warnings?, \d+ notes?, 0 unknown {2}\(path: isolated\)$/,
    );
    expect(lines[1]).toBe(
      `ECS service orders-worker (cluster shop) in eu-west-1, account 111111111111, ${orders.vpcId}`,
    );
    expect(stdout).toContain('\nSubnets\n');
    for (const id of orders.subnetIds)
      expect(stdout).toMatch(new RegExp(`${id} .*isolated`));
    expect(stdout).toMatch(/\nEndpoints\n {2}SERVICE +TYPE +ENDPOINT/);
    expect(stdout).toMatch(/ecr\.api +Interface +none/);
    const findings = stdout.slice(stdout.indexOf('\nFindings\n'));
    expect(findings).toMatch(/ {2}error {2}missing-endpoint {2}ecr\.api/);
    expect(findings).toMatch(/\n {4}fix: /);
    const severities = [
      ...findings.matchAll(/^ {2}(error|warning|info) {2}/gm),
    ].map(m => m[1]);
    expect(severities[0]).toBe('error');
    expect(severities.lastIndexOf('error')).toBeLessThan(
      severities.findIndex(s => s !== 'error') === -1
        ? Infinity
        : severities.findIndex(s => s !== 'error'),
    );
    expect(stdout).toContain('\nRecently stopped tasks\n');
    expect(stdout).toMatch(/\nCost {2}.+/);
    expect(stdout).not.toContain(`${ESC}[`);
  });

  it('lists what could not be checked, with reasons', async () => {
    sandbox.setFaults([
      { action: 'DescribeNetworkAcls', kind: 'access-denied' },
    ]);
    const { stdout } = await run([
      'check',
      '--ecs-service',
      payments.serviceArn,
    ]);
    expect(stdout).toMatch(/^INCOMPLETE/);
    expect(stdout).toContain(
      '\nCould not check\n  network ACLs (DescribeNetworkAcls): UnauthorizedOperation: not authorized to perform ec2:DescribeNetworkAcls\n',
    );
    expect(stdout).toContain('rules left open: nacl-blocks-https');
  });

  it('uses colour on a terminal unless NO_COLOR is set', async () => {
    const tty = await run(['check', '--ecs-service', payments.serviceArn], {
      isTTY: true,
    });
    expect(tty.stdout).toContain(`${ESC}[32m${ESC}[1mREADY`);
    const noColor = await run(['check', '--ecs-service', payments.serviceArn], {
      isTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toContain(`${ESC}[`);
  });

  it('prints help and version without touching AWS', async () => {
    expect((await run(['--help'])).stdout).toContain('Usage:');
    const help = await run(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect((await run(['--version'])).stdout).toBe('0.1.0\n');
    expect(sandbox.calls).toEqual([]);
  });
});

describe('partitions', () => {
  it('checks a service in China and names its endpoint services as AWS China does', async () => {
    const region = 'cn-north-1';
    const account = '444444444444';
    const vpc = isolatedVpc({
      name: 'china',
      region,
      cidrBlock: '10.60.0.0/16',
      interfaceEndpoints: ['ecr.dkr', 'logs'],
      s3Gateway: 'task-route-table',
    });
    const fixture = ecsService({
      region,
      accountId: account,
      serviceName: 'api',
      clusterName: 'shop',
      vpc,
      image: ecrImage(account, region, 'api'),
    });
    sandbox.world = addToWorld(
      sandboxWorld({ defaultAccountId: account }),
      { region, accountId: account },
      { vpcs: [vpc], services: [fixture] },
    );
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      fixture.serviceArn,
    ]);
    expect(fixture.serviceArn).toMatch(/^arn:aws-cn:ecs:cn-north-1:/);
    expect(code).toBe(1);
    expect(stdout).toContain('cn.com.amazonaws.cn-north-1.ecr.api');
    expect(stdout).toContain('api.ecr.cn-north-1.amazonaws.com.cn');
  });

  it('rejects an ARN whose region is not in its partition, before any AWS call', async () => {
    const { code, stderr } = await run([
      'check',
      '--ecs-service',
      'arn:aws-cn:ecs:eu-west-1:111111111111:service/shop/payments-api',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--ecs-service: .*region eu-west-1 is in partition aws \(AWS\), not aws-cn/,
    );
    expect(sandbox.calls).toEqual([]);
  });
});

describe('answers that lack what the rules need', () => {
  it.each([
    'DescribeRouteTables',
    'DescribeNetworkAcls',
    'DescribeTaskDefinition',
  ])('exits 2, never 0, when %s answers with nothing', async action => {
    sandbox.setFaults([{ action, kind: 'empty' }]);
    const { code, stdout, stderr } = await run([
      'check',
      '--ecs-service',
      payments.serviceArn,
      '--json',
    ]);
    const report: CheckReport = JSON.parse(stdout);
    expect(report.verdict).toBe('unknown');
    expect(report.unknown.map(u => u.call)).toContain(action);
    expect(code).toBe(2);
    expect(stderr).toMatch(/incomplete/);
  });
});
