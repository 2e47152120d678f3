/**
 * The fact retriever and the check in Tech Insights as an app runs them: the community Tech
 * Insights backend with its JSON rules engine checker, this module, and the fargate-endpoints
 * backend over the AWS sandbox. The sweep checks the example services; the retriever then
 * publishes their verdicts without a single AWS call of its own, and the facts and the check
 * results are read back through Tech Insights' API.
 */
import {
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesEngineModule from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
// The test runs the backend plugin whose overview the retriever reads, as an app does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import fargateEndpointsPlugin from '@fargate-endpoints/plugin-fargate-endpoints-backend';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import techInsightsModuleFargateEndpoints, {
  FARGATE_ENDPOINTS_FACT_RETRIEVER_ID,
  fargateStartsInPrivateSubnetCheck,
} from './index';

const ecsLinked = (name: string, arn: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'aws.amazon.com/amazon-ecs-service-arn': arn },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
});

const entities = [
  ecsLinked('payments-api', EXAMPLE_SERVICES['payments-api'].serviceArn),
  ecsLinked('orders-worker', EXAMPLE_SERVICES['orders-worker'].serviceArn),
  ecsLinked('legacy-reports', EXAMPLE_SERVICES['legacy-reports'].serviceArn),
  // An account the backend may not read: checked, never ready.
  ecsLinked(
    'rogue',
    `arn:aws:ecs:${EXAMPLE_REGION}:999999999999:service/shop/rogue`,
  ),
];

type Task = SchedulerServiceTaskScheduleDefinition &
  SchedulerServiceTaskInvocationDefinition;

/** A scheduler that runs a task only when the test says so. */
function manualScheduler() {
  const tasks = new Map<string, Task>();
  const mock = mockServices.scheduler.mock({
    scheduleTask: jest.fn(async (task: Task) => {
      tasks.set(task.id, task);
    }),
  });
  return {
    factory: mock.factory,
    async run(id: string) {
      const task = tasks.get(id);
      if (!task) {
        throw new Error(`${id} is not scheduled (${[...tasks.keys()]})`);
      }
      await task.fn(new AbortController().signal);
    },
  };
}

const silentNotifications = createServiceFactory({
  service: notificationService,
  deps: {},
  factory: () => ({ async send() {} }),
});

/** This app's Tech Insights config (app-config.yaml), so the test runs what the app runs. */
const appTechInsights = parse(
  fs.readFileSync(path.resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
).techInsights;

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { onUnhandledRequest: 'bypass' });

describe('Tech Insights with the fargate-endpoints facts and check', () => {
  it("ships the app's check as the module exports it", () => {
    expect(
      appTechInsights.factChecker.checks.fargateStartsInPrivateSubnet,
    ).toEqual(fargateStartsInPrivateSubnetCheck);
    expect(
      appTechInsights.factRetrievers[FARGATE_ENDPOINTS_FACT_RETRIEVER_ID]
        .cadence,
    ).toBeDefined();
  });

  it("publishes each service's verdict from the sweep, and grades it", async () => {
    const scheduler = manualScheduler();
    const { server } = await startTestBackend({
      features: [
        fargateEndpointsPlugin,
        techInsightsPlugin,
        jsonRulesEngineModule,
        techInsightsModuleFargateEndpoints,
        catalogServiceMock.factory({ entities }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        scheduler.factory,
        silentNotifications,
        mockServices.rootConfig.factory({
          data: {
            aws: {
              mainAccount: {
                accessKeyId: 'AKIAEXAMPLEMAIN00001',
                secretAccessKey: 'not-a-secret',
              },
            },
            fargateEndpoints: {
              allowedAccountIds: [EXAMPLE_ACCOUNT_ID],
              maxAttempts: 2,
              requestTimeout: 5,
            },
            techInsights: appTechInsights,
          },
        }),
      ],
    });

    await scheduler.run('fargate-endpoints-sweep');
    sandbox.resetCalls();
    await scheduler.run(FARGATE_ENDPOINTS_FACT_RETRIEVER_ID);
    // The facts come from the sweep's results: Tech Insights made no AWS call.
    expect(sandbox.calls).toEqual([]);

    const user = mockCredentials.user.header();
    const factsOf = async (name: string) => {
      const response = await request(server)
        .get('/api/tech-insights/facts/latest')
        .query({
          entity: `component:default/${name}`,
          'ids[]': FARGATE_ENDPOINTS_FACT_RETRIEVER_ID,
        })
        .set('Authorization', user);
      expect(response.status).toBe(200);
      return response.body[FARGATE_ENDPOINTS_FACT_RETRIEVER_ID].facts;
    };
    const checkOf = async (name: string) => {
      const response = await request(server)
        .post(`/api/tech-insights/checks/run/default/component/${name}`)
        .send({ checks: ['fargateStartsInPrivateSubnet'] })
        .set('Authorization', user);
      expect(response.status).toBe(200);
      return response.body[0];
    };

    const payments = await factsOf('payments-api');
    expect(payments).toMatchObject({
      verdict: 'ready',
      ready: true,
      path: 'isolated',
      errorCount: 0,
      unknownCount: 0,
    });
    expect(payments.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(payments.ageSeconds).toBeLessThan(60);
    const orders = await factsOf('orders-worker');
    expect(orders).toMatchObject({ verdict: 'not-ready', ready: false });
    expect(orders.errorCount).toBeGreaterThan(0);
    expect(orders.errorRules).toContain('missing-endpoint');
    expect(await factsOf('legacy-reports')).toMatchObject({
      verdict: 'ready',
      path: 'nat',
    });
    expect(await factsOf('rogue')).toMatchObject({
      verdict: 'unknown',
      ready: false,
    });

    expect((await checkOf('payments-api')).result).toBe(true);
    expect((await checkOf('legacy-reports')).result).toBe(true);
    expect((await checkOf('orders-worker')).result).toBe(false);
    expect((await checkOf('rogue')).result).toBe(false);
    expect((await checkOf('payments-api')).check).toMatchObject({
      id: 'fargateStartsInPrivateSubnet',
      name: 'Starts in a private subnet',
    });
  });
});
