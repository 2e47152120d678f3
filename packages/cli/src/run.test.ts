import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { createAwsClients } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  addToWorld,
  AwsSandbox,
  ecrImage,
  ecsService,
  findEndpoint,
  isolatedVpc,
  regionOf,
  sandboxWorld,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCESS_KEY_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
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
        // The hub's clients come with the hub's credentials (assumed role or profile).
        credentials: o.credentials ?? {
          accessKeyId: 'AKIDSANDBOX',
          secretAccessKey: 'sandbox',
        },
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

describe('fargate-endpoints check, the permissions the checker lacks', () => {
  it('names the refused IAM actions and the statement to add, in JSON and on the terminal', async () => {
    sandbox.setFaults([
      { action: 'DescribeSecurityGroups', kind: 'access-denied' },
      { action: 'DescribeNetworkAcls', kind: 'access-denied' },
    ]);
    const json = await run([
      'check',
      '--ecs-service',
      payments.serviceArn,
      '--json',
    ]);
    expect(json.code).toBe(2);
    const report: CheckReport = JSON.parse(json.stdout);
    expect(report.missingPermissions).toEqual({
      actions: ['ec2:DescribeNetworkAcls', 'ec2:DescribeSecurityGroups'],
      checks: ['security groups', 'network ACLs'],
      statement: {
        Sid: 'FargateEndpointsReadOnly',
        Effect: 'Allow',
        Action: ['ec2:DescribeNetworkAcls', 'ec2:DescribeSecurityGroups'],
        Resource: '*',
      },
    });
    const text = await run(['check', '--ecs-service', payments.serviceArn]);
    expect(text.stdout).toMatch(
      /Permissions the checker lacks\n {2}AWS refused ec2:DescribeNetworkAcls, ec2:DescribeSecurityGroups .*Add this statement/,
    );
    expect(text.stdout).toContain(
      '      "Action": [\n        "ec2:DescribeNetworkAcls",',
    );
  });

  it('has no such field when a read failed for another reason than permission', async () => {
    sandbox.setFaults([
      { action: 'DescribeSecurityGroups', kind: 'malformed' },
    ]);
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      payments.serviceArn,
      '--json',
    ]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).missingPermissions).toBeUndefined();
  });

  it('names ecs:DescribeServices when the service itself could not be read', async () => {
    sandbox.setFaults([{ action: 'DescribeServices', kind: 'access-denied' }]);
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      payments.serviceArn,
      '--json',
    ]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).missingPermissions?.actions).toEqual([
      'ecs:DescribeServices',
    ]);
  });
});

describe('fargate-endpoints check, severity by consequence', () => {
  it('exits 0 when only run-time needs (X-Ray, ECS Exec) lack their endpoints, and says what fails', async () => {
    const argv = [
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
      'ecr,logs,xray,exec',
    ];
    const json = await run([...argv, '--json']);
    expect(json.code).toBe(0);
    const report: CheckReport = JSON.parse(json.stdout);
    expect(report.verdict).toBe('ready');
    expect(
      report.findings.map(f => `${f.severity} ${f.rule} ${f.service}`),
    ).toEqual([
      'warning missing-endpoint ssmmessages',
      'warning missing-endpoint xray',
    ]);
    const text = await run(argv);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/does not stop the task from starting/);
  });

  it('still exits 1 when a declared need without a documented consequence lacks its endpoint', async () => {
    const { code } = await run([
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
      'ecr,logs,kms',
    ]);
    expect(code).toBe(1);
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

describe('what else a task definition needs, on the terminal', () => {
  const media = EXAMPLE_SERVICES['media-worker'];

  it('lists the EFS volume and the sidecar images under "Also needed", each ok, for the ready media-worker', async () => {
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      media.serviceArn,
    ]);

    expect(code).toBe(0);
    const also = stdout.slice(
      stdout.indexOf('\nAlso needed\n'),
      stdout.indexOf('\nFindings\n'),
    );
    expect(also).toMatch(
      /\n {2}ok {2}EFS file system fs-[0-9a-f]+\n {4}a mount target in each AZ/,
    );
    expect(also).toMatch(
      /\n {2}ok {2}image \S+ecr-public\/docker\/library\/redis/,
    );
    expect(also).toMatch(/\n {2}ok {2}image \S+platform\/image-tools/);
  });

  it('marks the row FAIL when the volume has no mount target in an AZ of the tasks', async () => {
    regionOf(
      sandbox.world,
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
    ).fileSystems![0].mountTargets.pop();
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      media.serviceArn,
    ]);

    expect(code).toBe(1);
    expect(stdout).toMatch(/\nAlso needed\n {2}FAIL {2}EFS file system fs-/);
  });

  it('prints no "Also needed" section for a service that needs nothing besides endpoints', async () => {
    const { stdout } = await run([
      'check',
      '--ecs-service',
      payments.serviceArn,
    ]);
    expect(stdout).not.toContain('Also needed');
  });
});

describe('shared endpoints in a hub VPC', () => {
  const analytics = EXAMPLE_SERVICES['analytics-api'];
  const hubRole = `arn:aws:iam::${EXAMPLE_HUB_ACCOUNT_ID}:role/fargate-endpoints-reader`;
  const savedEnv = { ...process.env };
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fargate-endpoints-cli-'));
    // The SDK's default chain (the source of an assumed role, and profiles) reads the process
    // environment: sandbox keys of the spoke account, and config files of this test alone.
    process.env.AWS_ACCESS_KEY_ID = 'AKIDSANDBOX';
    process.env.AWS_SECRET_ACCESS_KEY = 'sandbox';
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
  });
  afterEach(async () => {
    process.env = { ...savedEnv };
    await rm(dir, { recursive: true, force: true });
  });

  function analyticsCheck(...flags: string[]) {
    return run([
      'check',
      '--ecs-service',
      analytics.serviceArn,
      '--json',
      ...flags,
    ]);
  }

  it('is unknown without hub flags, with hub-endpoint-unverified and the flags to pass', async () => {
    const { code, stdout, stderr } = await analyticsCheck();

    expect(code).toBe(2);
    const report: CheckReport = JSON.parse(stdout);
    expect(report.verdict).toBe('unknown');
    expect(report.ready).toBe(false);
    expect(
      report.findings
        .filter(f => f.rule === 'hub-endpoint-unverified')
        .map(f => f.service)
        .sort(),
    ).toEqual(['ecr.api', 'ecr.dkr', 'logs']);
    expect(stderr).toContain(
      `run again with --hub-account ${EXAMPLE_HUB_ACCOUNT_ID} and --hub-role-arn ARN`,
    );
  });

  it('is ready with a hub role, assumed through STS from the default credentials', async () => {
    const { code, stdout, stderr } = await analyticsCheck(
      '--hub-account',
      EXAMPLE_HUB_ACCOUNT_ID,
      '--hub-role-arn',
      hubRole,
    );

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report: CheckReport = JSON.parse(stdout);
    expect(report).toMatchObject({ verdict: 'ready', ready: true });
    expect(report.unknown).toEqual([]);
    expect(report.findings.map(f => f.rule)).not.toContain(
      'hub-endpoint-unverified',
    );
    // The role was assumed as the spoke, and the hub was read as the hub.
    expect(
      sandbox.countCalls({
        service: 'sts',
        action: 'AssumeRole',
        accountId: EXAMPLE_ACCOUNT_ID,
      }),
    ).toBeGreaterThan(0);
    expect(
      sandbox.countCalls({
        action: 'ListResourceRecordSets',
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
      }),
    ).toBeGreaterThan(0);
    expect(
      sandbox.countCalls({
        action: 'DescribeVpcEndpoints',
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
      }),
    ).toBe(1);
  });

  it('is ready with a hub profile of the AWS config files', async () => {
    await writeFile(
      join(dir, 'credentials'),
      `[landing-zone-hub]\naws_access_key_id = ${EXAMPLE_HUB_ACCESS_KEY_ID}\naws_secret_access_key = sandbox\n`,
    );

    const { code, stdout } = await analyticsCheck(
      '--hub-account',
      EXAMPLE_HUB_ACCOUNT_ID,
      '--hub-profile',
      'landing-zone-hub',
    );

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'ready' });
    expect(sandbox.countCalls({ service: 'sts' })).toBe(0);
  });

  it('fails a check on what the hub shows: a hub endpoint that is down is hub-endpoint-not-ready, in JSON and on the terminal', async () => {
    const hubVpc = regionOf(
      sandbox.world,
      EXAMPLE_HUB_ACCOUNT_ID,
      EXAMPLE_REGION,
    ).vpcs[0];
    findEndpoint(hubVpc, 'logs')!.state = 'failed';
    const flags = [
      '--hub-account',
      EXAMPLE_HUB_ACCOUNT_ID,
      '--hub-role-arn',
      hubRole,
    ];

    const json = await analyticsCheck(...flags);
    expect(json.code).toBe(1);
    const report: CheckReport = JSON.parse(json.stdout);
    expect(
      report.findings
        .filter(f => f.severity === 'error')
        .map(f => `${f.rule} ${f.service}`),
    ).toEqual(['hub-endpoint-not-ready logs']);

    const human = await run([
      'check',
      '--ecs-service',
      analytics.serviceArn,
      ...flags,
    ]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^NOT READY {2}1 error/);
    expect(human.stdout).toMatch(/ {2}error {2}hub-endpoint-not-ready {2}logs/);
    // The endpoint table names the hub endpoint that serves each service, not "none".
    expect(human.stdout).toMatch(/\n {2}logs +Interface +hub vpce-[0-9a-f]+ /);
    expect(human.stdout).toMatch(
      /\n {2}ecr\.api +Interface +hub vpce-[0-9a-f]+ /,
    );
  });

  it('is unknown, never ready, with the reason when the sandbox refuses the hub role', async () => {
    sandbox.setFaults([
      { service: 'sts', action: 'AssumeRole', kind: 'access-denied' },
    ]);
    const flags = [
      '--hub-account',
      EXAMPLE_HUB_ACCOUNT_ID,
      '--hub-role-arn',
      hubRole,
    ];

    const { code, stdout, stderr } = await analyticsCheck(...flags);

    expect(code).toBe(2);
    const report: CheckReport = JSON.parse(stdout);
    expect(report).toMatchObject({ verdict: 'unknown', ready: false });
    expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(report.unknown.length).toBeGreaterThan(0);
    for (const unknown of report.unknown) {
      expect(unknown.reason).toContain(
        `could not get credentials for account ${EXAMPLE_HUB_ACCOUNT_ID}: AccessDenied: `,
      );
      expect(unknown.reason).toContain('sts:AssumeRole');
    }
    expect(stderr).toMatch(
      /^fargate-endpoints: incomplete: 3 checks could not run \(private hosted zone api\.ecr\.eu-west-1\.amazonaws\.com: Z\w+: could not get credentials for account 222222222222: AccessDenied/,
    );
    // The spoke was still read and checked: its own S3 gateway is in the report.
    expect(report.endpoints.find(e => e.service === 's3')?.checks.present).toBe(
      'ok',
    );

    const human = await run([
      'check',
      '--ecs-service',
      analytics.serviceArn,
      ...flags,
    ]);
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(/^INCOMPLETE/);
    expect(human.stdout).toMatch(
      /\nCould not check\n {2}private hosted zone api\.ecr\.eu-west-1\.amazonaws\.com \(ListResourceRecordSets\): Z\w+: could not get credentials for account 222222222222: AccessDenied/,
    );
  });

  it('is unknown, never ready, with the reason when the hub profile does not exist', async () => {
    const { code, stdout } = await analyticsCheck(
      '--hub-account',
      EXAMPLE_HUB_ACCOUNT_ID,
      '--hub-profile',
      'no-such-profile',
    );

    expect(code).toBe(2);
    const report: CheckReport = JSON.parse(stdout);
    expect(report).toMatchObject({ verdict: 'unknown', ready: false });
    expect(report.unknown.map(u => u.reason)).toContainEqual(
      expect.stringMatching(
        /could not get credentials for account 222222222222: Could not resolve credentials using profile: \[no-such-profile\]/,
      ),
    );
  });

  it.each([
    [
      ['--hub-account', '2222'],
      /^fargate-endpoints: --hub-account: "2222" is not a 12-digit AWS account id/,
    ],
    [
      ['--hub-account', EXAMPLE_HUB_ACCOUNT_ID],
      /^fargate-endpoints: --hub-account needs --hub-role-arn ARN or --hub-profile NAME/,
    ],
    [
      ['--hub-role-arn', 'arn:aws:iam::222222222222:role/reader'],
      /^fargate-endpoints: --hub-role-arn needs --hub-account ID/,
    ],
    [
      [
        '--hub-account',
        EXAMPLE_HUB_ACCOUNT_ID,
        '--hub-role-arn',
        'arn:aws:iam::333333333333:role/reader',
      ],
      /^fargate-endpoints: --hub-role-arn: the role is in account 333333333333, not in the hub account 222222222222/,
    ],
    [
      [
        '--hub-account',
        EXAMPLE_HUB_ACCOUNT_ID,
        '--hub-role-arn',
        'arn:aws:iam::222222222222:user/reader',
      ],
      /^fargate-endpoints: --hub-role-arn: .* is not an IAM role ARN; expected arn:<partition>:iam::<account>:role\/<name>/,
    ],
    [
      [
        '--hub-account',
        EXAMPLE_HUB_ACCOUNT_ID,
        '--hub-role-arn',
        hubRole,
        '--hub-profile',
        'hub',
      ],
      /^fargate-endpoints: --hub-role-arn and --hub-profile are two ways to get the hub credentials; give one/,
    ],
  ])(
    'exits 2 on hub flags %j with the flag named and no AWS call',
    async (flags, message) => {
      const { code, stdout, stderr } = await analyticsCheck(...flags);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(sandbox.calls).toEqual([]);
    },
  );
});

describe('shared endpoints in a VPC of the same account', () => {
  const inventory = EXAMPLE_SERVICES['inventory-api'];
  const sharedVpc = () =>
    regionOf(sandbox.world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION).vpcs.find(
      v => v.cidrBlock === '10.110.0.0/16',
    )!;

  it('is ready with its hub rows, read with its own credentials: no hub role asked for, not incomplete', async () => {
    const { code, stdout, stderr } = await run([
      'check',
      '--ecs-service',
      inventory.serviceArn,
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report: CheckReport = JSON.parse(stdout);
    expect(report).toMatchObject({ verdict: 'ready', complete: true });
    expect(report.findings).toEqual([]);
    const shared = report.endpoints.filter(e => e.sharedFrom);
    expect(shared.map(e => e.service)).toEqual(['ecr.api', 'ecr.dkr', 'logs']);
    for (const row of shared) {
      expect(row.sharedFrom).toMatchObject({
        accountId: EXAMPLE_ACCOUNT_ID,
        endpointId: findEndpoint(sharedVpc(), row.service)!.id,
      });
      expect(row.checks.present).toBe('ok');
    }
    expect(sandbox.countCalls({ service: 'sts' })).toBe(0);
  });

  it("fails on the shared VPC's own state: an endpoint there that is down is hub-endpoint-not-ready in this account", async () => {
    findEndpoint(sharedVpc(), 'ecr.api')!.state = 'failed';
    const { code, stdout } = await run([
      'check',
      '--ecs-service',
      inventory.serviceArn,
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/ {2}error {2}hub-endpoint-not-ready {2}ecr\.api/);
    expect(stdout).toMatch(/\(account 111111111111\), but it is in state/);
    expect(stdout).not.toMatch(/another account|--hub-account/);
  });
});
