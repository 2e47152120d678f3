import { InputError, NotFoundError } from '@backstage/errors';
import {
  AwsSandbox,
  registerSandboxTestHooks,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from '@fargate-endpoints/aws-sandbox';
import { AwsClients, createAwsClients, destroyAwsClients } from './clients';
import { readEcsService } from './ecsService';
import { resolveSubnetVpcs } from './subnetVpcs';

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });
const payments = EXAMPLE_SERVICES['payments-api'];
const orders = EXAMPLE_SERVICES['orders-worker'];
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

describe('readEcsService', () => {
  it('reads where the tasks run and what they use', async () => {
    const read = await readEcsService(clients.ecs, payments.serviceArn);

    expect(read).toMatchObject({
      serviceArn: payments.serviceArn,
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      clusterArn: payments.clusterArn,
      serviceName: 'payments-api',
      subnetIds: payments.subnetIds,
      securityGroupIds: payments.securityGroupIds,
      assignPublicIp: 'DISABLED',
      taskDefinitionArn: payments.taskDefinitionArn,
      failures: [],
    });
    expect(read.taskDefinition?.containerDefinitions?.[0]?.image).toContain(
      '.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
    );
    expect(sandbox.callsPerAction()).toEqual({
      DescribeServices: 1,
      DescribeTaskDefinition: 1,
      ListTasks: 1,
      DescribeTasks: 1,
    });
  });

  it('returns the stopped tasks newest first, with the container reason when the task says less', async () => {
    const read = await readEcsService(clients.ecs, orders.serviceArn);

    expect(read.stoppedTasks).toHaveLength(3);
    const reasons = read.stoppedTasks.map(t => t.stoppedReason);
    expect(
      reasons.filter(r => r.includes('api.ecr.eu-west-1.amazonaws.com')),
    ).toHaveLength(2);
    expect(reasons.some(r => r.includes('starport-layer-bucket'))).toBe(true);
    const times = read.stoppedTasks.map(t => t.stoppedAt ?? '');
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('keeps going when the stopped tasks cannot be read', async () => {
    sandbox.setFaults([{ action: 'DescribeTasks', kind: 'access-denied' }]);

    const read = await readEcsService(clients.ecs, orders.serviceArn);

    expect(read.subnetIds).toEqual(orders.subnetIds);
    expect(read.stoppedTasks).toEqual([]);
    expect(read.failures).toEqual([
      {
        part: 'stoppedTasks',
        call: 'DescribeTasks',
        reason:
          'AccessDeniedException: not authorized to perform ecs:DescribeTasks',
      },
    ]);
  });

  it('records a task definition it could not read', async () => {
    sandbox.setFaults([{ action: 'DescribeTaskDefinition', kind: 'throttle' }]);

    const read = await readEcsService(clients.ecs, payments.serviceArn);

    expect(read.taskDefinition).toBeUndefined();
    expect(read.failures).toEqual([
      {
        part: 'taskDefinition',
        call: 'DescribeTaskDefinition',
        reason: 'throttled (ThrottlingException) after 2 attempts',
      },
    ]);
  });

  it('records a service it could not read, without throwing', async () => {
    sandbox.setFaults([{ action: 'DescribeServices', kind: 'server-error' }]);
    const read = await readEcsService(clients.ecs, payments.serviceArn);
    expect(read.subnetIds).toEqual([]);
    expect(read.failures).toContainEqual({
      part: 'service',
      call: 'DescribeServices',
      reason: 'ECS server error (ServerException, HTTP 500) after 2 attempts',
    });
  });

  it('throws NotFoundError for a service or a cluster that does not exist', async () => {
    const missingService = payments.serviceArn.replace(
      'payments-api',
      'no-such-service',
    );
    await expect(readEcsService(clients.ecs, missingService)).rejects.toThrow(
      NotFoundError,
    );
    await expect(readEcsService(clients.ecs, missingService)).rejects.toThrow(
      /ECS service no-such-service not found in cluster shop \(eu-west-1, account 111111111111\)/,
    );
    const missingCluster = payments.serviceArn.replace(
      'service/shop/',
      'service/nowhere/',
    );
    await expect(readEcsService(clients.ecs, missingCluster)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('rejects a malformed ARN before calling ECS', async () => {
    await expect(readEcsService(clients.ecs, 'payments-api')).rejects.toThrow(
      InputError,
    );
    expect(sandbox.calls).toEqual([]);
  });
});

describe('resolveSubnetVpcs', () => {
  it('maps each subnet to its VPC with one call, leaving unknown subnets out', async () => {
    const map = await resolveSubnetVpcs(clients.ec2, [
      ...payments.subnetIds,
      orders.subnetIds[0],
      'subnet-0000000000000dead',
    ]);

    for (const id of payments.subnetIds)
      expect(map.get(id)).toBe(payments.vpcId);
    expect(map.get(orders.subnetIds[0])).toBe(orders.vpcId);
    expect(map.has('subnet-0000000000000dead')).toBe(false);
    expect(sandbox.countCalls({ action: 'DescribeSubnets' })).toBe(1);
  });
});
