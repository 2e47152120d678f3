import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AwsSandbox,
  registerSandboxTestHooks,
  createFleetWorld,
  describeFleet,
  EXAMPLE_ACCOUNT_ID,
} from '@fargate-endpoints/aws-sandbox';
import request from 'supertest';
import {
  reportPath,
  startSandboxBackend,
} from './__testUtils__/sandboxBackend';

/** 50 ECS services in one VPC. */
const fleet = {
  services: 50,
  vpcs: 1,
  regions: ['eu-west-1'],
  accountId: EXAMPLE_ACCOUNT_ID,
};
const plans = describeFleet(fleet);
const entities: Entity[] = plans.map(plan => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: plan.serviceName,
    namespace: 'default',
    annotations: { 'aws.amazon.com/amazon-ecs-service-arn': plan.serviceArn },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-fleet' },
}));

// Real AWS answers take network time; without it every mocked call resolves in microtasks,
// the server never accepts the next request before the current one ends, and nothing overlaps.
// A slow DescribeRouteTables keeps the VPC read in flight while the other requests arrive.
const sandbox = new AwsSandbox(createFleetWorld(fleet), {
  latencyMs: call => (call.action === 'DescribeRouteTables' ? 1500 : 20),
});
registerSandboxTestHooks(sandbox, { onUnhandledRequest: 'bypass' });

/** The one VPC of the fleet, from the calls that read it. */
function fleetVpcId(): string {
  const vpcIds = Object.keys(sandbox.callsPerVpc());
  expect(vpcIds).toHaveLength(1);
  return vpcIds[0];
}

describe('one AWS read per VPC', () => {
  it('serves 50 concurrent reports of services in one VPC from one read, and re-reads once on refresh', async () => {
    const server = await startSandboxBackend({
      entities,
      // A refresh reads again at once here; by default one within 15 s of a read is answered by it.
      fargateEndpoints: { cache: { minRefreshInterval: 0.001 } },
    });
    const started = Date.now();
    const reports = await Promise.all(
      plans.map(plan => request(server).get(reportPath(plan.serviceName))),
    );
    // eslint-disable-next-line no-console
    console.log(
      `50 concurrent reports: ${
        Date.now() - started
      } ms, AWS calls ${JSON.stringify(sandbox.callsPerAction())}`,
    );
    expect(reports.map(r => r.status)).toEqual(plans.map(() => 200));
    expect(new Set(reports.map(r => r.body.verdict))).toEqual(
      new Set(['ready']),
    );

    const vpcId = fleetVpcId();
    expect(sandbox.countCalls({ action: 'DescribeRouteTables', vpcId })).toBe(
      1,
    );
    // The requests overlapped: many services were being read while the one VPC read ran.
    const vpcRead = sandbox.calls.find(
      c => c.action === 'DescribeRouteTables',
    )!;
    const readWhileVpcRead = sandbox.calls.filter(
      c =>
        c.action === 'DescribeServices' &&
        c.time <= vpcRead.time + vpcRead.durationMs,
    );
    // (Batched 10 a call, the 50 services may need as few as 5 DescribeServices calls.)
    expect(readWhileVpcRead.length).toBeGreaterThanOrEqual(
      Math.min(10, sandbox.countCalls({ action: 'DescribeServices' })),
    );
    expect(
      sandbox.countCalls({ action: 'DescribeSecurityGroups', vpcId }),
    ).toBe(1);
    expect(sandbox.countCalls({ action: 'DescribePrefixLists' })).toBe(1);
    // Services of one cluster asked for together share DescribeServices calls (10 per call).
    const describeServices = sandbox.countCalls({ action: 'DescribeServices' });
    expect(describeServices).toBeGreaterThanOrEqual(5);
    expect(describeServices).toBeLessThan(50);

    // Cached: no AWS call at all.
    sandbox.resetCalls();
    const again = await request(server).get(reportPath(plans[7].serviceName));
    expect(again.status).toBe(200);
    expect(sandbox.calls).toEqual([]);

    // Concurrent refreshes share one re-read.
    const refreshed = await Promise.all(
      plans
        .slice(0, 5)
        .map(plan => request(server).get(reportPath(plan.serviceName, true))),
    );
    expect(refreshed.map(r => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(sandbox.countCalls({ action: 'DescribeRouteTables', vpcId })).toBe(
      1,
    );
    expect(
      refreshed.every(r => r.body.ageSeconds <= 5 && r.body.stale === false),
    ).toBe(true);
  }, 60_000);

  it('still answers, reading AWS, when the cache service fails', async () => {
    const brokenCache = mockServices.cache.mock({
      get: jest
        .fn()
        .mockRejectedValue(new Error('ECONNREFUSED 127.0.0.1:6379')),
      set: jest
        .fn()
        .mockRejectedValue(new Error('ECONNREFUSED 127.0.0.1:6379')),
      delete: jest
        .fn()
        .mockRejectedValue(new Error('ECONNREFUSED 127.0.0.1:6379')),
    });
    brokenCache.withOptions.mockReturnValue(brokenCache);
    const server = await startSandboxBackend({
      entities,
      features: [brokenCache.factory],
    });
    const reports = await Promise.all(
      plans
        .slice(0, 10)
        .map(plan => request(server).get(reportPath(plan.serviceName))),
    );
    expect(reports.map(r => r.status)).toEqual(
      plans.slice(0, 10).map(() => 200),
    );
    expect(reports[0].body.verdict).toBe('ready');
    expect(brokenCache.get).toHaveBeenCalled();
    // Concurrent requests still share the one in-flight read.
    expect(
      sandbox.countCalls({
        action: 'DescribeRouteTables',
        vpcId: fleetVpcId(),
      }),
    ).toBe(1);
  });
});
