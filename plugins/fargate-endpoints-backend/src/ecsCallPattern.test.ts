import { Entity } from '@backstage/catalog-model';
import {
  AwsSandbox,
  createExampleWorld,
  createFleetWorld,
  describeFleet,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import request from 'supertest';
import {
  reportPath,
  startSandboxBackend,
} from './__testUtils__/sandboxBackend';

/** 40 services in 4 VPCs (one cluster each); fleet-003 misses ecr.api: its 10 services fail to start. */
const fleet = {
  services: 40,
  vpcs: 4,
  regions: ['eu-west-1'],
  accountId: EXAMPLE_ACCOUNT_ID,
};
const plans = describeFleet(fleet);
const entityOf = (name: string, serviceArn: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'aws.amazon.com/amazon-ecs-service-arn': serviceArn },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-fleet' },
});
const fleetEntities = plans.map(p => entityOf(p.serviceName, p.serviceArn));

const sandbox = new AwsSandbox(createFleetWorld(fleet), { latencyMs: 10 });
registerSandboxTestHooks(sandbox, {
  world: () => createFleetWorld(fleet),
  onUnhandledRequest: 'bypass',
});

const OVERVIEW = '/api/fargate-endpoints/v1/overview';

/** Refreshes allowed freely, each one a new read, so a test can count what a refresh reads. */
const freshReads = {
  limits: { freshReadsPerMinute: 1000, freshReadsBurst: 1000 },
  cache: { minRefreshInterval: 0.001 },
};

describe('ECS call pattern', () => {
  it('reads each task definition once by ARN, shared by services and kept across refreshes', async () => {
    // The ten services of cluster fleet-000 run one task definition, as a service family might.
    const cluster = sandbox.world.accounts[EXAMPLE_ACCOUNT_ID].regions[
      'eu-west-1'
    ].clusters.find(c => c.clusterName === 'fleet-000')!;
    const shared = cluster.services[0].taskDefinition;
    cluster.services.forEach(s => {
      s.taskDefinition = shared;
    });
    const server = await startSandboxBackend({
      entities: fleetEntities,
      fargateEndpoints: freshReads,
    });

    // The overview sweeps the fleet, as the fleet page does.
    const overview = await request(server).get(OVERVIEW);
    expect(overview.status).toBe(200);
    const answers = await Promise.all(
      plans.map(p => request(server).get(reportPath(p.serviceName))),
    );
    expect(answers.map(a => a.status)).toEqual(plans.map(() => 200));
    expect(answers.filter(a => a.body.unknown.length > 0)).toEqual([]);
    // 40 services, 31 distinct task definitions: 31 reads.
    expect(sandbox.countCalls({ action: 'DescribeTaskDefinition' })).toBe(31);
    expect(sandbox.countCalls({ action: 'DescribeServices' })).toBe(4);

    // A refresh reads the services again, never the task definitions.
    sandbox.resetCalls();
    const refreshed = await Promise.all(
      plans
        .slice(0, 12)
        .map(p => request(server).get(reportPath(p.serviceName, true))),
    );
    expect(refreshed.map(a => a.status)).toEqual(refreshed.map(() => 200));
    expect(sandbox.countCalls({ action: 'DescribeServices' })).toBeGreaterThan(
      0,
    );
    expect(sandbox.countCalls({ action: 'DescribeTaskDefinition' })).toBe(0);
    // What the report derives from the task definition is still there (awslogs: the logs need).
    for (const answer of refreshed) {
      expect((answer.body as EntityReport).needs).toContain('logs');
    }
  }, 60_000);

  it('reads stopped tasks only for services in trouble, one ListTasks and one DescribeTasks for the cluster', async () => {
    const server = await startSandboxBackend({ entities: fleetEntities });

    expect((await request(server).get(OVERVIEW)).status).toBe(200);
    // The reports now come from what the sweep read.
    const answers = await Promise.all(
      plans.map(p => request(server).get(reportPath(p.serviceName))),
    );
    const reports: EntityReport[] = answers.map(a => a.body);
    expect(answers.map(a => a.status)).toEqual(plans.map(() => 200));

    // The 30 healthy services (running as desired, no failures) cost no task reads; the 10
    // failing ones of fleet-003 share one cluster-wide listing and one DescribeTasks.
    expect(sandbox.countCalls({ action: 'ListTasks' })).toBe(1);
    expect(sandbox.countCalls({ action: 'DescribeTasks' })).toBe(1);
    // Each failing service sees its own stopped task, explained by the missing endpoint;
    // every other service none.
    const seen = plans.map((plan, i) =>
      reports[i].stoppedTasks.map(t => ({
        ownCluster: t.taskArn.includes(`/${plan.clusterName}/`),
        initError: t.stoppedReason.includes('ResourceInitializationError'),
        rule: t.explainedBy?.rule,
      })),
    );
    expect(seen).toEqual(
      plans.map(plan =>
        plan.design === 'missing-ecr-api'
          ? [{ ownCluster: true, initError: true, rule: 'missing-endpoint' }]
          : [],
      ),
    );
    const total = sandbox.calls.filter(c => c.service === 'ecs').length;
    // 4 DescribeServices + 40 DescribeTaskDefinition + 1 ListTasks + 1 DescribeTasks.
    expect(total).toBe(46);
  }, 60_000);

  it("still shows the example payments-api's stopped task (one of its two tasks exited), and reads none for a healthy service", async () => {
    sandbox.world = createExampleWorld();
    const payments = EXAMPLE_SERVICES['payments-api'];
    const reports = EXAMPLE_SERVICES['legacy-reports'];
    const server = await startSandboxBackend({
      entities: [
        entityOf('payments-api', payments.serviceArn),
        entityOf('legacy-reports', reports.serviceArn),
      ],
    });

    const card = await request(server).get(reportPath('payments-api'));
    expect(card.status).toBe(200);
    expect((card.body as EntityReport).stoppedTasks).toEqual([
      expect.objectContaining({
        stoppedReason: expect.stringContaining(
          'Essential container in task exited',
        ),
      }),
    ]);
    expect(sandbox.countCalls({ action: 'ListTasks' })).toBe(1);

    sandbox.resetCalls();
    const healthy = await request(server).get(reportPath('legacy-reports'));
    expect(healthy.status).toBe(200);
    expect(healthy.body.target.region).toBe(EXAMPLE_REGION);
    expect(sandbox.countCalls({ action: 'DescribeServices' })).toBe(1);
    expect(sandbox.countCalls({ action: 'ListTasks' })).toBe(0);
    expect(sandbox.countCalls({ action: 'DescribeTasks' })).toBe(0);
  }, 60_000);
});
