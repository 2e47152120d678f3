import { NotFoundError } from '@backstage/errors';
import {
  AwsSandbox,
  registerSandboxTestHooks,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from '@fargate-endpoints/aws-sandbox';
import { AwsClients, createAwsClients, destroyAwsClients } from './clients';
import { readS3PrefixList, readVpcSnapshot } from './vpcSnapshot';

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });
const payments = EXAMPLE_SERVICES['payments-api'];
const target = {
  region: EXAMPLE_REGION,
  vpcId: payments.vpcId,
  accountId: EXAMPLE_ACCOUNT_ID,
};

/** The EC2 actions a VPC read must call once each, filtered by the VPC. */
const PER_VPC_ACTIONS = [
  'DescribeVpcs',
  'DescribeSubnets',
  'DescribeRouteTables',
  'DescribeVpcEndpoints',
  'DescribeSecurityGroups',
  'DescribeNetworkAcls',
];

let clients: AwsClients;

beforeEach(() => {
  sandbox.setPageSize(undefined);
  clients = createAwsClients({
    region: EXAMPLE_REGION,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
    maxAttempts: 3,
    requestTimeoutMs: 400,
    retryBaseDelayMs: 1,
  });
});
afterEach(() => destroyAwsClients(clients));

describe('readVpcSnapshot', () => {
  it('reads the VPC with each call once, every per-VPC call filtered by the vpc-id', async () => {
    const snapshot = await readVpcSnapshot(clients.ec2, target);

    expect(snapshot.failures).toEqual([]);
    const perAction = sandbox.callsPerAction();
    for (const action of PER_VPC_ACTIONS) expect(perAction[action]).toBe(1);
    expect(perAction.DescribeVpcAttribute).toBe(2);
    expect(perAction.DescribePrefixLists).toBe(1);
    expect(perAction.DescribeDhcpOptions ?? 0).toBeLessThanOrEqual(1);
    for (const call of sandbox.calls.filter(
      c =>
        PER_VPC_ACTIONS.includes(c.action) ||
        c.action === 'DescribeVpcAttribute',
    )) {
      expect(call.vpcId).toBe(payments.vpcId);
    }
    expect(Object.keys(sandbox.callsPerVpc())).toEqual([payments.vpcId]);
  });

  it('normalises what the rules read: subnets, endpoints, groups, route tables, prefix list, DNS', async () => {
    const snapshot = await readVpcSnapshot(clients.ec2, target);

    expect(snapshot).toMatchObject({
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      vpcId: payments.vpcId,
    });
    expect(snapshot.cidrBlocks).toEqual(['10.10.0.0/16']);
    expect(snapshot.enableDnsSupport).toBe(true);
    expect(snapshot.enableDnsHostnames).toBe(true);
    expect(snapshot.domainNameServers).toEqual(['AmazonProvidedDNS']);
    expect(snapshot.subnets.map(s => s.id)).toEqual(
      expect.arrayContaining(payments.subnetIds),
    );
    expect(snapshot.subnets.every(s => s.cidrBlock && s.availabilityZone)).toBe(
      true,
    );
    const services = snapshot.endpoints.map(e => e.serviceName).sort();
    expect(services).toEqual(
      ['ecr.api', 'ecr.dkr', 'logs', 's3', 'secretsmanager'].map(
        s => `com.amazonaws.${EXAMPLE_REGION}.${s}`,
      ),
    );
    const ecrApi = snapshot.endpoints.find(e =>
      e.serviceName.endsWith('.ecr.api'),
    )!;
    expect(ecrApi).toMatchObject({
      type: 'Interface',
      privateDnsEnabled: true,
    });
    expect(ecrApi.state.toLowerCase()).toBe('available');
    expect(ecrApi.securityGroupIds).toEqual([payments.endpointSecurityGroupId]);
    const s3 = snapshot.endpoints.find(e => e.serviceName.endsWith('.s3'))!;
    expect(s3.type).toBe('Gateway');
    expect(s3.routeTableIds.length).toBeGreaterThan(0);
    const taskGroup = snapshot.securityGroups.find(
      g => g.id === payments.securityGroupIds[0],
    )!;
    expect(taskGroup.egress.length).toBeGreaterThan(0);
    expect(snapshot.routeTables.some(t => t.main)).toBe(true);
    expect(snapshot.networkAcls.length).toBeGreaterThan(0);
    expect(snapshot.s3PrefixList).toMatchObject({
      name: `com.amazonaws.${EXAMPLE_REGION}.s3`,
    });
    expect(snapshot.s3PrefixList!.cidrs.length).toBeGreaterThan(0);
  });

  it('follows every page when EC2 returns one item per page', async () => {
    const whole = await readVpcSnapshot(clients.ec2, target);
    sandbox.resetCalls();
    sandbox.setPageSize(1);

    const paged = await readVpcSnapshot(clients.ec2, target);

    expect({ ...paged, readAt: '' }).toEqual({ ...whole, readAt: '' });
    const perAction = sandbox.callsPerAction();
    expect(whole.subnets.length).toBeGreaterThan(1);
    expect(perAction.DescribeSubnets).toBe(whole.subnets.length);
    expect(perAction.DescribeSecurityGroups).toBe(whole.securityGroups.length);
    expect(perAction.DescribeRouteTables).toBe(whole.routeTables.length);
  });

  it('uses a prefix list the caller already read instead of asking again', async () => {
    const prefixList = readS3PrefixList(clients.ec2, EXAMPLE_REGION);
    await readVpcSnapshot(clients.ec2, target, { s3PrefixList: prefixList });
    await readVpcSnapshot(
      clients.ec2,
      { ...target, vpcId: EXAMPLE_SERVICES['orders-worker'].vpcId },
      { s3PrefixList: prefixList },
    );
    expect(sandbox.countCalls({ action: 'DescribePrefixLists' })).toBe(1);
  });

  it('turns AccessDenied on security groups into a failure with the reason and reads the rest', async () => {
    sandbox.setFaults([
      { action: 'DescribeSecurityGroups', kind: 'access-denied' },
    ]);

    const snapshot = await readVpcSnapshot(clients.ec2, target);

    expect(snapshot.failures).toEqual([
      {
        part: 'securityGroups',
        call: 'DescribeSecurityGroups',
        reason:
          'UnauthorizedOperation: not authorized to perform ec2:DescribeSecurityGroups',
      },
    ]);
    expect(snapshot.securityGroups).toEqual([]);
    expect(snapshot.endpoints.length).toBe(5);
    expect(snapshot.subnets.length).toBeGreaterThan(0);
    expect(sandbox.countCalls({ action: 'DescribeSecurityGroups' })).toBe(1); // not retried
  });

  it('gives up on throttling after the configured attempts and says so', async () => {
    sandbox.setFaults([{ action: 'DescribeRouteTables', kind: 'throttle' }]);

    const snapshot = await readVpcSnapshot(clients.ec2, target);

    expect(snapshot.failures).toEqual([
      {
        part: 'routeTables',
        call: 'DescribeRouteTables',
        reason: 'throttled (RequestLimitExceeded) after 3 attempts',
      },
    ]);
    expect(sandbox.countCalls({ action: 'DescribeRouteTables' })).toBe(3);
  });

  it('recovers when throttling clears within the retries', async () => {
    sandbox.setFaults([
      { action: 'DescribeSubnets', kind: 'throttle', times: 2 },
    ]);
    const snapshot = await readVpcSnapshot(clients.ec2, target);
    expect(snapshot.failures).toEqual([]);
    expect(snapshot.subnets.length).toBeGreaterThan(0);
  });

  it('times out a call that hangs', async () => {
    sandbox.setFaults([{ action: 'DescribeNetworkAcls', kind: 'hang' }]);

    const snapshot = await readVpcSnapshot(clients.ec2, target);

    expect(snapshot.failures).toHaveLength(1);
    expect(snapshot.failures[0]).toMatchObject({
      part: 'networkAcls',
      call: 'DescribeNetworkAcls',
    });
    expect(snapshot.failures[0].reason).toMatch(/^timed out after 400 ms/);
    expect(snapshot.routeTables.length).toBeGreaterThan(0);
  });

  it('reports a malformed response without crashing', async () => {
    sandbox.setFaults([{ action: 'DescribeVpcEndpoints', kind: 'malformed' }]);

    const snapshot = await readVpcSnapshot(clients.ec2, target);

    expect(snapshot.failures).toEqual([
      {
        part: 'endpoints',
        call: 'DescribeVpcEndpoints',
        reason: 'malformed response from EC2',
      },
    ]);
    expect(snapshot.endpoints).toEqual([]);
  });

  it('says when EC2 keeps failing on the server side', async () => {
    sandbox.setFaults([
      { action: 'DescribeVpcAttribute', kind: 'server-error' },
    ]);
    const snapshot = await readVpcSnapshot(clients.ec2, target);
    expect(snapshot.failures.map(f => [f.part, f.reason])).toEqual([
      [
        'dnsSupport',
        'EC2 server error (InternalError, HTTP 500) after 3 attempts',
      ],
      [
        'dnsHostnames',
        'EC2 server error (InternalError, HTTP 500) after 3 attempts',
      ],
    ]);
    expect(snapshot.enableDnsSupport).toBeUndefined();
  });

  it('throws NotFoundError for a VPC that does not exist', async () => {
    await expect(
      readVpcSnapshot(clients.ec2, {
        ...target,
        vpcId: 'vpc-0000000000000dead',
      }),
    ).rejects.toThrow(
      new NotFoundError(
        `VPC vpc-0000000000000dead not found in ${EXAMPLE_REGION} (account ${EXAMPLE_ACCOUNT_ID})`,
      ),
    );
  });
});
