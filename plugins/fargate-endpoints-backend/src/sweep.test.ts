import { Entity } from '@backstage/catalog-model';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  findEndpoint,
  registerSandboxTestHooks,
  SandboxVpc,
  SandboxVpcEndpoint,
} from '@fargate-endpoints/aws-sandbox';
import type {
  EntityHistoryResponse,
  EntityReport,
  OverviewResponse,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import request from 'supertest';
import { startSandboxBackend } from './__testUtils__/sandboxBackend';
import {
  capturingNotifications,
  manualScheduler,
} from './__testUtils__/sweepTestUtils';

import {
  createServiceFactory,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  eventsServiceRef,
  type EventParams,
  type EventsServiceSubscribeOptions,
} from '@backstage/plugin-events-node';

const payments = EXAMPLE_SERVICES['payments-api'];
const orders = EXAMPLE_SERVICES['orders-worker'];

function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

const entities = [
  component('payments-api', 'team-payments', {
    'aws.amazon.com/amazon-ecs-service-arn': payments.serviceArn,
  }),
  // Another service of the same owner in the same VPC, linked by its network.
  component('payments-batch', 'group:default/team-payments', {
    'fargate-endpoints.io/region': EXAMPLE_REGION,
    'fargate-endpoints.io/account-id': EXAMPLE_ACCOUNT_ID,
    'fargate-endpoints.io/vpc-id': payments.vpcId,
    'fargate-endpoints.io/subnet-ids': payments.subnetIds.join(','),
    'fargate-endpoints.io/security-group-ids':
      payments.securityGroupIds.join(','),
    'fargate-endpoints.io/needs': 'ecr,logs',
  }),
  // Broken before any sweep saw it: no notification for a break nobody saw happen.
  component('orders-worker', 'team-orders', {
    'aws.amazon.com/amazon-ecs-service-arn': orders.serviceArn,
  }),
  component('plain-website', 'team-web', {}),
];

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, {
  onUnhandledRequest: 'bypass',
  world: createExampleWorld,
});

function paymentsVpc(): SandboxVpc {
  const vpc = sandbox.world.accounts[EXAMPLE_ACCOUNT_ID].regions[
    EXAMPLE_REGION
  ].vpcs.find(v => v.id === payments.vpcId);
  if (!vpc) throw new Error('no payments VPC in the sandbox');
  return vpc;
}

/** An events service that delivers each published event to the subscribers of its topic. */
function inMemoryEvents() {
  const subscribers: EventsServiceSubscribeOptions[] = [];
  const publish = async (params: EventParams) => {
    for (const s of subscribers)
      if (s.topics.includes(params.topic)) await s.onEvent(params);
  };
  const factory = createServiceFactory({
    service: eventsServiceRef,
    deps: {},
    factory: () => ({
      publish,
      subscribe: async (options: EventsServiceSubscribeOptions) => {
        subscribers.push(options);
      },
    }),
  });
  return { factory, publish };
}

async function until(probe: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 20));
  }
}

async function start(
  fargateEndpoints: Record<string, unknown> = {},
  features: ServiceFactory[] = [],
) {
  const scheduler = manualScheduler();
  const notifications = capturingNotifications();
  const server = await startSandboxBackend({
    entities,
    fargateEndpoints: {
      maxAttempts: 2,
      requestTimeout: 5,
      // Sweeps back to back in a test: every sweep reads AWS again.
      cache: { minRefreshInterval: 0.001 },
      ...fargateEndpoints,
      // Incidents here; the first-sweep digest has its own test below.
      alerts: {
        firstSweepDigest: false,
        ...(fargateEndpoints.alerts as object | undefined),
      },
    },
    features: [scheduler.factory, notifications.factory, ...features],
  });
  return { server, scheduler, notifications };
}

const BASE = '/api/fargate-endpoints/v1/entities/component/default';

describe('the background sweep', () => {
  it('is scheduled globally (one replica at a time) at the configured frequency', async () => {
    const { scheduler } = await start({ sweep: { frequency: '2m' } });
    const task = scheduler.tasks.get('fargate-endpoints-sweep');
    expect(task).toMatchObject({
      scope: 'global',
      frequency: { milliseconds: 120_000 },
    });
  });

  it('serves cards and the overview from its results, with their age, without reading AWS', async () => {
    const { server, scheduler } = await start();
    await scheduler.sweep();
    const swept = sandbox.calls.length;
    expect(swept).toBeGreaterThan(0);
    // One read of the account and region's VPCs (payments' and orders-worker's) for the three
    // services in them: one DescribeVpcEndpoints for both VPCs, where a read per VPC made two.
    expect(sandbox.countCalls({ action: 'DescribeVpcEndpoints' })).toBe(1);

    const res = await request(server).get(`${BASE}/payments-api/report`);
    expect(res.status).toBe(200);
    const report: EntityReport = res.body;
    expect(report).toMatchObject({ verdict: 'ready', stale: false });
    expect(report.sweptAt).toBeDefined();
    expect(report.ageSeconds).toBeLessThan(60);

    const overview: OverviewResponse = (
      await request(server).get('/api/fargate-endpoints/v1/overview')
    ).body;
    const services = overview.groups.flatMap(g => g.services);
    expect(
      services.find(s => s.entityRef === 'component:default/orders-worker'),
    ).toMatchObject({ verdict: 'not-ready', sweptAt: expect.any(String) });
    expect(sandbox.calls.length).toBe(swept);

    // A refresh still reads AWS.
    await request(server).get(`${BASE}/payments-api/report?refresh=true`);
    expect(sandbox.calls.length).toBeGreaterThan(swept);
  });

  it('says since when from all of the history: the card (however few entries it asks for) and the overview give the same time', async () => {
    const { server, scheduler } = await start();
    await scheduler.sweep();
    const vpc = paymentsVpc();
    const endpoint = findEndpoint(vpc, 'ecr.api') as SandboxVpcEndpoint;
    vpc.endpoints = vpc.endpoints.filter(e => e !== endpoint);
    for (let sweep = 0; sweep < 3; sweep += 1) await scheduler.sweep();

    const history: EntityHistoryResponse = (
      await request(server).get(`${BASE}/payments-api/history?limit=1`)
    ).body;
    expect(history.entries).toHaveLength(1);
    const overview: OverviewResponse = (
      await request(server).get('/api/fargate-endpoints/v1/overview')
    ).body;
    const listed = overview.groups
      .flatMap(g => g.services)
      .find(s => s.entityRef === 'component:default/payments-api');
    expect(history.current?.verdict).toBe('not-ready');
    expect(history.current?.since).toEqual(expect.any(String));
    expect(listed?.notReadySince).toBe(history.current?.since);
    // The cause comes with it, though the entry that holds it is beyond the limit.
    expect(history.current?.cause).toMatchObject({ kind: 'endpoint-deleted' });
  });

  it("tells the owner through the event path, before the next sweep: a CloudTrail DeleteVpcEndpoints on the changes topic re-checks the endpoint's VPC at once", async () => {
    const bus = inMemoryEvents();
    const { scheduler, notifications } = await start(
      { changes: { enabled: true, gather: 0.01 } },
      [bus.factory],
    );
    await scheduler.sweep();
    expect(notifications.sent).toEqual([]);
    const vpc = paymentsVpc();
    const endpoint = findEndpoint(vpc, 'ecr.api') as SandboxVpcEndpoint;
    vpc.endpoints = vpc.endpoints.filter(e => e !== endpoint);

    // As EventBridge delivers the CloudTrail record to SQS, and the SQS module publishes it.
    await bus.publish({
      topic: 'fargate-endpoints-aws-changes',
      eventPayload: {
        'detail-type': 'AWS API Call via CloudTrail',
        detail: {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'DeleteVpcEndpoints',
          awsRegion: EXAMPLE_REGION,
          recipientAccountId: EXAMPLE_ACCOUNT_ID,
          requestParameters: {
            DeleteVpcEndpointsRequest: {
              VpcEndpointId: { content: endpoint.id },
            },
          },
        },
      },
    });
    // No sweep ran: the notification came from the re-check the event started.
    await until(() => notifications.sent.length > 0);
    expect(notifications.sent).toHaveLength(1);
    expect(notifications.sent[0].payload.title).toBe(
      '2 services will fail to start tasks: payments-api, payments-batch',
    );
    expect(notifications.sent[0].payload.description).toContain(
      `endpoint ${endpoint.id} for ecr.api deleted`,
    );
    // The next sweep finds it broken already: nothing more to tell.
    await scheduler.sweep();
    expect(notifications.sent).toHaveLength(1);
  });

  it('payments-api loses its ecr.api endpoint: one notification to the owner naming the cause, one when restored', async () => {
    const { server, scheduler, notifications } = await start();
    await scheduler.sweep();
    expect(notifications.sent).toEqual([]);

    const vpc = paymentsVpc();
    const endpoint = findEndpoint(vpc, 'ecr.api') as SandboxVpcEndpoint;
    vpc.endpoints = vpc.endpoints.filter(e => e !== endpoint);
    await scheduler.sweep();

    expect(notifications.sent).toHaveLength(1);
    const [broke] = notifications.sent;
    expect(broke.recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/team-payments',
    });
    expect(broke.payload).toMatchObject({
      severity: 'high',
      topic: 'fargate-endpoints',
      title:
        '2 services will fail to start tasks: payments-api, payments-batch',
    });
    expect(broke.payload.description).toContain(
      `After: endpoint ${endpoint.id} for ecr.api deleted.`,
    );
    expect(broke.payload.description).toMatch(/Fix: .*ecr\.api/);

    // The card's history says since when and after what.
    const history: EntityHistoryResponse = (
      await request(server).get(`${BASE}/payments-api/history`)
    ).body;
    expect(history.current).toMatchObject({
      verdict: 'not-ready',
      cause: {
        kind: 'endpoint-deleted',
        message: `endpoint ${endpoint.id} for ecr.api deleted`,
      },
    });
    expect(history.entries.map(e => e.verdict)).toEqual(['not-ready', 'ready']);

    // Still broken: no second notification.
    await scheduler.sweep();
    expect(notifications.sent).toHaveLength(1);

    vpc.endpoints.push(endpoint);
    await scheduler.sweep();
    expect(notifications.sent).toHaveLength(2);
    expect(notifications.sent[1]).toMatchObject({
      recipients: { entityRef: 'group:default/team-payments' },
      payload: {
        severity: 'normal',
        title: '2 services ready again: payments-api, payments-batch',
      },
    });
    expect(notifications.sent[1].payload.description).toContain(
      `after endpoint ${endpoint.id} for ecr.api created`,
    );
    const after: EntityHistoryResponse = (
      await request(server).get(`${BASE}/payments-api/history`)
    ).body;
    expect(after.entries.map(e => e.verdict)).toEqual([
      'ready',
      'not-ready',
      'ready',
    ]);
  });

  it('tells the owner of a service broken before the first sweep once, in a digest', async () => {
    const { scheduler, notifications } = await start({
      alerts: { firstSweepDigest: true },
    });
    await scheduler.sweep();
    await scheduler.sweep();
    expect(notifications.sent).toHaveLength(1);
    expect(notifications.sent[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'group:default/team-orders' },
      payload: {
        title: 'orders-worker was already not ready when the watch began',
        link: '/catalog/default/component/orders-worker',
      },
    });
    expect(notifications.sent[0].payload.description).toMatch(
      /ecr\.api.* Fix: /,
    );
  });

  it('a notification that cannot be sent is sent at the next sweep, once', async () => {
    const { scheduler, notifications } = await start();
    await scheduler.sweep();
    const vpc = paymentsVpc();
    vpc.endpoints = vpc.endpoints.filter(
      e => e !== findEndpoint(vpc, 'ecr.api'),
    );
    notifications.state.fail = true;
    await scheduler.sweep();
    expect(notifications.sent).toEqual([]);
    notifications.state.fail = false;
    await scheduler.sweep();
    expect(notifications.sent).toHaveLength(1);
    await scheduler.sweep();
    expect(notifications.sent).toHaveLength(1);
  });

  it('tells nobody of a break shorter than the quiet period', async () => {
    const { scheduler, notifications } = await start({
      alerts: { quietPeriod: '1h' },
    });
    await scheduler.sweep();
    const vpc = paymentsVpc();
    const endpoint = findEndpoint(vpc, 'ecr.api') as SandboxVpcEndpoint;
    vpc.endpoints = vpc.endpoints.filter(e => e !== endpoint);
    await scheduler.sweep();
    vpc.endpoints.push(endpoint);
    await scheduler.sweep();
    expect(notifications.sent).toEqual([]);
  });

  it.each([
    ['error', 0],
    ['warning', 1],
  ])(
    'with the %s threshold, an endpoint leaving an AZ (a warning) sends %d notification(s)',
    async (severity, expected) => {
      const { scheduler, notifications } = await start({
        alerts: { severity },
      });
      await scheduler.sweep();
      const logs = findEndpoint(paymentsVpc(), 'logs') as SandboxVpcEndpoint;
      const [, gone] = logs.subnetIds;
      logs.subnetIds = logs.subnetIds.filter(s => s !== gone);
      await scheduler.sweep();
      expect(notifications.sent.map(n => n.payload.description)).toEqual(
        Array(expected).fill(
          expect.stringContaining(`for logs no longer in ${gone}`),
        ),
      );
    },
  );

  it('does not sweep when disabled', async () => {
    const { scheduler } = await start({ sweep: { enabled: false } });
    expect(scheduler.tasks.size).toBe(0);
  });

  it('rejects a bad alert severity naming the key and the values', async () => {
    await expect(start({ alerts: { severity: 'critical' } })).rejects.toThrow(
      /fargateEndpoints\.alerts\.severity must be 'error'.*or 'warning'/,
    );
  });
});
