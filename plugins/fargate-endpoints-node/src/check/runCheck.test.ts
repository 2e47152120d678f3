import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AwsSandbox,
  registerSandboxTestHooks,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from '@fargate-endpoints/aws-sandbox';
import {
  AwsClients,
  createAwsClients,
  destroyAwsClients,
} from '../aws/clients';
import type { NetworkCheckInput } from '../spec/serviceSpec';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

/** The CLI's pipeline: a plain reader over the clients. */
function checkEcsService(
  awsClients: AwsClients,
  serviceArn: string,
  options: { extraNeeds?: string[] } = {},
) {
  return runCheck(createAwsReader(awsClients), {
    kind: 'ecs-service',
    serviceArn,
    ...options,
  });
}

function checkNetwork(awsClients: AwsClients, input: NetworkCheckInput) {
  return runCheck(createAwsReader(awsClients), { kind: 'network', input });
}

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });
const payments = EXAMPLE_SERVICES['payments-api'];
const orders = EXAMPLE_SERVICES['orders-worker'];
const reports = EXAMPLE_SERVICES['legacy-reports'];
let clients: AwsClients;

beforeEach(() => {
  clients = createAwsClients({
    region: EXAMPLE_REGION,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
    maxAttempts: 2,
    requestTimeoutMs: 400,
    retryBaseDelayMs: 1,
  });
});
afterEach(() => destroyAwsClients(clients));

const errorRules = (
  findings: Array<{ rule: string; severity: string; service?: string }>,
) =>
  findings
    .filter(f => f.severity === 'error')
    .map(f => `${f.rule}${f.service ? ` ${f.service}` : ''}`)
    .sort();

describe('checkEcsService', () => {
  it('finds the healthy isolated service ready, with needs from its task definition', async () => {
    const report = await checkEcsService(clients, payments.serviceArn);

    expect(report).toMatchObject({
      ready: true,
      verdict: 'ready',
      complete: true,
      path: 'isolated',
    });
    expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(report.needs).toEqual(expect.arrayContaining(payments.needs));
    expect(report.target).toMatchObject({
      serviceArn: payments.serviceArn,
      vpcId: payments.vpcId,
      accountId: EXAMPLE_ACCOUNT_ID,
      subnetIds: payments.subnetIds,
      // What the card shows next to the verdict and links to.
      desiredCount: 2,
      // One of its two tasks exited; the replacement is not running yet.
      runningCount: 1,
      logGroups: ['/ecs/payments-api'],
    });
    // One read of ECS and one of the VPC: each EC2 Describe once (DescribeSubnets twice: one to find the VPC).
    const perAction = sandbox.callsPerAction();
    expect(perAction.DescribeSubnets).toBe(2);
    for (const action of [
      'DescribeVpcs',
      'DescribeRouteTables',
      'DescribeVpcEndpoints',
      'DescribeSecurityGroups',
      'DescribeNetworkAcls',
      'DescribeServices',
    ]) {
      expect(perAction[action]).toBe(1);
    }
  });

  it('finds the broken service not ready: ecr.api missing and S3 gateway not on its route table', async () => {
    const report = await checkEcsService(clients, orders.serviceArn);

    expect(report).toMatchObject({
      ready: false,
      verdict: 'not-ready',
      path: 'isolated',
    });
    expect(errorRules(report.findings)).toEqual(
      expect.arrayContaining([
        'missing-endpoint ecr.api',
        's3-route-table-missing s3',
      ]),
    );
    for (const finding of report.findings) {
      expect(finding.message).toBeTruthy();
      expect(finding.fix).toBeTruthy();
    }
    const explained = report.stoppedTasks.filter(t => t.explainedBy);
    expect(explained.map(t => t.explainedBy!.rule)).toEqual(
      expect.arrayContaining(['missing-endpoint']),
    );
  });

  it('finds the NAT service ready with a nat-egress note', async () => {
    const report = await checkEcsService(clients, reports.serviceArn);

    expect(report).toMatchObject({
      ready: true,
      verdict: 'ready',
      path: 'nat',
    });
    expect(report.findings.map(f => [f.rule, f.severity])).toContainEqual([
      'nat-egress',
      'info',
    ]);
  });

  it('reports denied security groups as unknown and still evaluates the other rules', async () => {
    sandbox.setFaults([
      { action: 'DescribeSecurityGroups', kind: 'access-denied' },
    ]);

    const report = await checkEcsService(clients, orders.serviceArn);

    expect(report.complete).toBe(false);
    expect(report.unknown).toContainEqual(
      expect.objectContaining({
        call: 'DescribeSecurityGroups',
        reason:
          'UnauthorizedOperation: not authorized to perform ec2:DescribeSecurityGroups',
        rules: expect.arrayContaining([
          'endpoint-sg-blocks-tasks',
          'task-egress-blocked',
        ]),
      }),
    );
    expect(errorRules(report.findings)).toEqual(
      expect.arrayContaining(['missing-endpoint ecr.api']),
    );
    expect(
      report.findings.some(
        f =>
          f.rule === 'endpoint-sg-blocks-tasks' ||
          f.rule === 'task-egress-blocked',
      ),
    ).toBe(false);
    expect(report.verdict).toBe('not-ready');
  });

  it('is incomplete, not ready, when a healthy service cannot be fully read', async () => {
    sandbox.setFaults([{ action: 'DescribeNetworkAcls', kind: 'throttle' }]);

    const report = await checkEcsService(clients, payments.serviceArn);

    expect(report).toMatchObject({
      ready: false,
      verdict: 'unknown',
      complete: false,
    });
    expect(report.unknown).toContainEqual(
      expect.objectContaining({
        call: 'DescribeNetworkAcls',
        reason: 'throttled (RequestLimitExceeded) after 2 attempts',
      }),
    );
  });

  it('still checks the network when the stopped tasks cannot be read', async () => {
    sandbox.setFaults([{ action: 'ListTasks', kind: 'access-denied' }]);
    const report = await checkEcsService(clients, payments.serviceArn);
    expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(report.unknown.map(u => u.check)).toEqual(['stopped tasks']);
  });

  it('reports a deleted task security group as unknown', async () => {
    const region =
      sandbox.world.accounts[EXAMPLE_ACCOUNT_ID].regions[EXAMPLE_REGION];
    const vpc = region.vpcs.find(v => v.id === payments.vpcId)!;
    vpc.securityGroups = vpc.securityGroups.filter(
      g => g.id !== payments.securityGroupIds[0],
    );

    const report = await checkEcsService(clients, payments.serviceArn);

    expect(report.ready).toBe(false);
    expect(
      report.unknown.some(u => u.reason.includes(payments.securityGroupIds[0])),
    ).toBe(true);
  });

  it('says clearly when the service does not exist', async () => {
    const missing = payments.serviceArn.replace('payments-api', 'gone');
    await expect(checkEcsService(clients, missing)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('says "not deployed yet" with the planned network for a generated service ECS does not know', async () => {
    const missing = payments.serviceArn.replace('payments-api', 'fresh-api');
    const report = await runCheck(createAwsReader(clients), {
      kind: 'ecs-service',
      serviceArn: missing,
      networkPlan: 'a new isolated VPC 10.0.0.0/16 in 2 AZs',
    });
    expect(report).toMatchObject({
      verdict: 'unknown',
      ready: false,
      complete: false,
      findings: [],
      notDeployed: {
        networkPlan: 'a new isolated VPC 10.0.0.0/16 in 2 AZs',
        reason: expect.stringContaining('fresh-api'),
        linkedBy: expect.stringContaining('after terraform apply'),
      },
    });
    expect(report.unknown).toEqual([
      expect.objectContaining({
        check: 'ECS service',
        call: 'DescribeServices',
        reason: expect.stringMatching(/^not deployed yet: /),
      }),
    ]);
    // The same service, once deployed, is checked as any other: the plan changes nothing.
    const live = await runCheck(createAwsReader(clients), {
      kind: 'ecs-service',
      serviceArn: payments.serviceArn,
      networkPlan: 'the existing VPC',
    });
    expect(live.notDeployed).toBeUndefined();
    expect(live.verdict).toBe('ready');
  });

  it('is "not deployed yet" without an AWS call for a generated service with no ARN yet', async () => {
    const report = await runCheck(createAwsReader(clients), {
      kind: 'planned',
      region: EXAMPLE_REGION,
      needs: ['ecr', 'logs'],
      networkPlan: 'a new isolated VPC 10.0.0.0/16 in 2 AZs',
      linkedBy: 'add the ECS service ARN annotation after terraform apply',
    });
    expect(report).toMatchObject({
      verdict: 'unknown',
      ready: false,
      needs: ['ecr', 'logs'],
      notDeployed: {
        reason: 'the entity has no ECS service ARN yet',
        networkPlan: 'a new isolated VPC 10.0.0.0/16 in 2 AZs',
      },
    });
    expect(sandbox.countCalls({})).toBe(0);
  });

  it('is unknown, naming the denied call, when ECS will not describe the service', async () => {
    sandbox.setFaults([{ action: 'DescribeServices', kind: 'access-denied' }]);
    const report = await checkEcsService(clients, payments.serviceArn);
    expect(report).toMatchObject({ verdict: 'unknown', ready: false });
    expect(report.unknown).toEqual([
      expect.objectContaining({
        check: 'ECS service',
        call: 'DescribeServices',
        reason:
          'AccessDeniedException: not authorized to perform ecs:DescribeServices',
      }),
    ]);
    expect(sandbox.countCalls({ service: 'ec2' })).toBe(0);
  });

  it('is unknown, not a crash, when every subnet of the service is gone', async () => {
    const region =
      sandbox.world.accounts[EXAMPLE_ACCOUNT_ID].regions[EXAMPLE_REGION];
    const vpc = region.vpcs.find(v => v.id === payments.vpcId)!;
    vpc.subnets = vpc.subnets.filter(s => !payments.subnetIds.includes(s.id));
    const report = await checkEcsService(clients, payments.serviceArn);
    expect(report.verdict).toBe('unknown');
    expect(report.unknown[0].reason).toMatch(
      /^none of the service's subnets \(subnet-.*\) exists any more$/,
    );
  });

  it.each([
    [
      'a malformed ARN',
      'payments-api',
      {},
      /^serviceArn: "payments-api" is not an ECS service ARN/,
    ],
    [
      'another region',
      payments.serviceArn.replace(EXAMPLE_REGION, 'us-east-1'),
      {},
      /^serviceArn: us-east-1 differs from the region of the AWS clients \(eu-west-1\)$/,
    ],
    [
      'a region of another partition',
      payments.serviceArn.replace('arn:aws:', 'arn:aws-cn:'),
      {},
      /^serviceArn: ".*": region eu-west-1 is in partition aws \(AWS\), not aws-cn/,
    ],
    [
      'an unknown region',
      payments.serviceArn.replace(EXAMPLE_REGION, 'xx-fake-1'),
      {},
      /^serviceArn: ".*": "xx-fake-1" is not an AWS region/,
    ],
    [
      'a wrong need',
      payments.serviceArn,
      { extraNeeds: ['ecs'] },
      /^extraNeeds: need "ecs" is not used by Fargate tasks/,
    ],
  ])('rejects %s before any AWS call', async (_, arn, options, message) => {
    await expect(checkEcsService(clients, arn, options)).rejects.toThrow(
      InputError,
    );
    await expect(checkEcsService(clients, arn, options)).rejects.toThrow(
      message,
    );
    expect(sandbox.calls).toEqual([]);
  });
});

describe('checkNetwork', () => {
  const input: NetworkCheckInput = {
    region: EXAMPLE_REGION,
    vpcId: orders.vpcId,
    subnetIds: orders.subnetIds,
    securityGroupIds: orders.securityGroupIds,
    needs: ['ecr', 'logs'],
    assignPublicIp: 'DISABLED',
  };

  it('checks explicit inputs the same way as the live service', async () => {
    const report = await checkNetwork(clients, input);
    expect(report.verdict).toBe('not-ready');
    expect(errorRules(report.findings)).toEqual(
      expect.arrayContaining([
        'missing-endpoint ecr.api',
        's3-route-table-missing s3',
      ]),
    );
    expect(report.needSources).toContainEqual({
      need: 'ecr',
      reason: 'given explicitly',
    });
    expect(sandbox.countCalls({ service: 'ecs' })).toBe(0);
  });

  it('derives ecr from a private ECR image and flags an image the isolated subnet cannot pull', async () => {
    const report = await checkNetwork(clients, {
      ...input,
      vpcId: payments.vpcId,
      subnetIds: payments.subnetIds,
      securityGroupIds: payments.securityGroupIds,
      needs: ['logs'],
      images: [
        `${EXAMPLE_ACCOUNT_ID}.dkr.ecr.${EXAMPLE_REGION}.amazonaws.com/app:1`,
        'docker.io/library/nginx:1.27',
      ],
    });
    expect(report.needs).toEqual(expect.arrayContaining(['ecr', 'logs']));
    expect(report.findings.map(f => f.rule)).toContain(
      'image-registry-unreachable',
    );
  });

  it('rejects subnets that are not in the VPC, naming the field', async () => {
    await expect(
      checkNetwork(clients, { ...input, subnetIds: payments.subnetIds }),
    ).rejects.toThrow(
      new RegExp(
        `^subnetIds: ${payments.subnetIds.join(', ')} are not in ${
          orders.vpcId
        }`,
      ),
    );
  });

  it('rejects security groups that are not in the VPC', async () => {
    await expect(
      checkNetwork(clients, {
        ...input,
        securityGroupIds: payments.securityGroupIds,
      }),
    ).rejects.toThrow(/^securityGroupIds: sg-\w+ is not in vpc-/);
  });

  it('says clearly when the VPC does not exist', async () => {
    await expect(
      checkNetwork(clients, { ...input, vpcId: 'vpc-0000000000000dead' }),
    ).rejects.toThrow(NotFoundError);
  });

  it.each([
    [{ vpcId: 'vpc-nope' }, /^vpcId: "vpc-nope" is not a VPC id/],
    [{ subnetIds: [] }, /^subnetIds: give at least one subnet id$/],
    [
      { securityGroupIds: ['sg-x'] },
      /^securityGroupIds: "sg-x" is not a security group id/,
    ],
    [{ needs: ['ecr.api'] }, /^needs: need "ecr.api" is part of "ecr"/],
    [
      { region: 'us-east-1' },
      /^region: us-east-1 differs from the region of the AWS clients/,
    ],
    [{ region: 'moon-1' }, /^region: "moon-1" is not an AWS region/],
    [{ accountId: '12' }, /^accountId: "12" is not a 12-digit AWS account id$/],
  ])('rejects %j before any AWS call', async (change, message) => {
    await expect(
      checkNetwork(clients, { ...input, ...change }),
    ).rejects.toThrow(message);
    expect(sandbox.calls).toEqual([]);
  });
});

describe('credentials', () => {
  it('stops once, with no credentials found, instead of failing every part', async () => {
    const noCredentials = createAwsClients({
      region: EXAMPLE_REGION,
      credentials: async () => {
        throw Object.assign(
          new Error('Could not load credentials from any providers'),
          { name: 'CredentialsProviderError' },
        );
      },
      maxAttempts: 1,
    });
    try {
      await expect(
        checkEcsService(noCredentials, payments.serviceArn),
      ).rejects.toThrow(/^no AWS credentials found/);
      await expect(checkNetwork(noCredentials, input())).rejects.toThrow(
        ServiceUnavailableError,
      );
    } finally {
      destroyAwsClients(noCredentials);
    }
    function input(): NetworkCheckInput {
      return {
        region: EXAMPLE_REGION,
        vpcId: payments.vpcId,
        subnetIds: payments.subnetIds,
        securityGroupIds: payments.securityGroupIds,
        needs: ['ecr'],
      };
    }
  });
});
