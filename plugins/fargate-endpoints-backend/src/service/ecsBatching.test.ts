import {
  AwsSandbox,
  registerSandboxTestHooks,
  createFleetWorld,
  describeFleet,
  EXAMPLE_ACCOUNT_ID,
} from '@fargate-endpoints/aws-sandbox';
import {
  createAwsClients,
  destroyAwsClients,
  readEcsService,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { batchingEcsClient } from './ecsBatching';

/** 40 services in 4 VPCs (one cluster each); fleet-003 misses ecr.api and has stopped tasks. */
const fleet = {
  services: 40,
  vpcs: 4,
  regions: ['eu-west-1'],
  accountId: EXAMPLE_ACCOUNT_ID,
};
const plans = describeFleet(fleet);
const sandbox = new AwsSandbox(createFleetWorld(fleet));
registerSandboxTestHooks(sandbox);

function clients() {
  return createAwsClients({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'x' },
    maxAttempts: 2,
    retryBaseDelayMs: 1,
  });
}

describe('batchingEcsClient', () => {
  it('reads 40 services of 4 clusters with one DescribeServices call per 10 services of a cluster', async () => {
    const aws4 = clients();
    try {
      const ecs = batchingEcsClient(aws4.ecs, { windowMs: 10 });
      const reads = await Promise.all(
        plans.map(plan => readEcsService(ecs, plan.serviceArn)),
      );
      expect(reads.map(r => r.serviceName)).toEqual(
        plans.map(p => p.serviceName),
      );
      expect(reads.every(r => r.subnetIds.length > 0)).toBe(true);
      expect(reads.every(r => r.failures.length === 0)).toBe(true);
      expect(sandbox.countCalls({ action: 'DescribeServices' })).toBe(4);
      // The stopped tasks of the ten broken services come from one DescribeTasks call.
      expect(sandbox.countCalls({ action: 'DescribeTasks' })).toBe(1);
      const broken = reads.filter((_, i) => plans[i].design !== 'healthy');
      expect(broken).toHaveLength(10);
      for (const read of broken) {
        expect(read.stoppedTasks).toEqual([
          expect.objectContaining({
            stoppedReason: expect.stringContaining(
              'ResourceInitializationError',
            ),
          }),
        ]);
      }
    } finally {
      destroyAwsClients(aws4);
    }
  });

  it('gives each caller its own answer: a missing service fails alone', async () => {
    const aws4 = clients();
    try {
      const ecs = batchingEcsClient(aws4.ecs, { windowMs: 10 });
      const missing = plans[0].serviceArn.replace('svc-0000', 'svc-gone');
      const [found, gone] = await Promise.allSettled([
        readEcsService(ecs, plans[0].serviceArn),
        readEcsService(ecs, missing),
      ]);
      expect(found).toMatchObject({
        status: 'fulfilled',
        value: { serviceName: 'svc-0000' },
      });
      expect(gone).toMatchObject({
        status: 'rejected',
        reason: { name: 'NotFoundError' },
      });
      expect(sandbox.countCalls({ action: 'DescribeServices' })).toBe(1);
    } finally {
      destroyAwsClients(aws4);
    }
  });
});
