import { mockCredentials } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import type { OverviewResponse } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import request from 'supertest';
import {
  reportPath,
  startSandboxBackend,
} from './__testUtils__/sandboxBackend';

/**
 * What keeps one caller from seeing what the catalog hides or spending an account's AWS
 * budget: the overview under the catalog's permissions, the per-caller budget of fresh
 * reads, negative caching and refresh coalescing, and the report deadline.
 */

const SERVICES = ['payments-api', 'orders-worker', 'legacy-reports'] as const;
const entities: Entity[] = SERVICES.map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-ecs-service-arn':
        EXAMPLE_SERVICES[name].serviceArn,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
}));

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, {
  onUnhandledRequest: 'bypass',
  world: createExampleWorld,
});

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const as = (user: string) => mockCredentials.user.header(user);

/**
 * A catalog that applies a permission policy as the real one does: Alice may not read
 * orders-worker (catalog.entity.read denied), everyone else reads everything.
 */
function credentialsOf(options: unknown): unknown {
  return (options as { credentials?: unknown } | undefined)?.credentials;
}

function catalogWithPolicy() {
  const all = catalogServiceMock({ entities });
  const hidden = (credentials: unknown, entity: Entity) =>
    (credentials as { principal?: { userEntityRef?: string } }).principal
      ?.userEntityRef === ALICE && entity.metadata.name === 'orders-worker';
  const fake = catalogServiceMock.mock({
    async getEntities(req, options) {
      const { items } = await all.getEntities(req, options);
      return {
        items: items.filter(e => !hidden(credentialsOf(options), e as Entity)),
      };
    },
    async getEntityByRef(ref, options) {
      const entity = await all.getEntityByRef(ref, options!);
      return entity && !hidden(credentialsOf(options), entity)
        ? entity
        : undefined;
    },
  });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => fake,
  });
}

describe('the overview under the catalog permissions', () => {
  it('lists only what the caller may read: Alice never sees orders-worker, its ARN or its VPC', async () => {
    const server = await startSandboxBackend({
      entities,
      catalog: catalogWithPolicy(),
    });
    const alice = await request(server)
      .get('/api/fargate-endpoints/v1/overview')
      .set('Authorization', as(ALICE));
    const bob = await request(server)
      .get('/api/fargate-endpoints/v1/overview')
      .set('Authorization', as(BOB));
    const refs = (body: OverviewResponse) =>
      body.groups.flatMap(g => g.services.map(s => s.entityRef)).sort();
    expect(alice.status).toBe(200);
    expect(refs(alice.body)).toEqual([
      'component:default/legacy-reports',
      'component:default/payments-api',
    ]);
    const orders = EXAMPLE_SERVICES['orders-worker'];
    expect(JSON.stringify(alice.body)).not.toContain(orders.serviceArn);
    expect(JSON.stringify(alice.body)).not.toContain(orders.vpcId);
    expect(refs(bob.body)).toEqual(
      entities.map(e => stringifyEntityRef(e)).sort(),
    );
    const report = await request(server)
      .get(reportPath('orders-worker'))
      .set('Authorization', as(ALICE));
    expect(report.status).toBe(404);
  });
});

describe('fresh AWS reads per caller', () => {
  it('refuses a caller past its budget with 429 and the wait, and serves everyone else', async () => {
    const server = await startSandboxBackend({
      entities,
      fargateEndpoints: {
        limits: { freshReadsPerMinute: 6, freshReadsBurst: 3 },
        cache: { minRefreshInterval: 0.001 },
      },
    });
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        await request(server)
          .get(reportPath('payments-api', true))
          .set('Authorization', as(ALICE)),
      );
    }
    expect(answers.map(a => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers[3].body.error.message).toMatch(
      /^Too many fresh AWS reads: refresh=true is limited to 6 a minute per caller \(3 at once\).*try again in \d+ s/,
    );
    // Bob's budget is his own; and a report without refresh costs Alice nothing.
    const bob = await request(server)
      .get(reportPath('payments-api', true))
      .set('Authorization', as(BOB));
    expect(bob.status).toBe(200);
    const cached = await request(server)
      .get(reportPath('payments-api'))
      .set('Authorization', as(ALICE));
    expect(cached.status).toBe(200);
  });

  it('counts POST /v1/check against the same budget', async () => {
    const server = await startSandboxBackend({
      entities,
      fargateEndpoints: {
        limits: { freshReadsPerMinute: 2, freshReadsBurst: 2 },
      },
    });
    const payments = EXAMPLE_SERVICES['payments-api'];
    const body = {
      region: EXAMPLE_REGION,
      vpcId: payments.vpcId,
      subnetIds: payments.subnetIds,
      securityGroupIds: payments.securityGroupIds,
      needs: ['ecr', 'logs'],
    };
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(server)
        .post('/api/fargate-endpoints/v1/check')
        .set('Authorization', as(ALICE))
        .send(body);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('floods', () => {
  it('answers 20 requests for a VPC that does not exist with one read', async () => {
    const server = await startSandboxBackend({ entities });
    const payments = EXAMPLE_SERVICES['payments-api'];
    const body = {
      region: EXAMPLE_REGION,
      vpcId: 'vpc-0deaddeaddeaddead',
      subnetIds: payments.subnetIds,
      securityGroupIds: payments.securityGroupIds,
      needs: ['ecr'],
    };
    // Twenty people, each well within their own budget, asking for the same missing VPC.
    const answers = [];
    for (let i = 0; i < 20; i++) {
      answers.push(
        await request(server)
          .post('/api/fargate-endpoints/v1/check')
          .set('Authorization', as(`user:default/person-${i}`))
          .send(body),
      );
    }
    expect(new Set(answers.map(a => a.status))).toEqual(new Set([404]));
    expect(answers[19].body.error.message).toMatch(
      /^VPC vpc-0deaddeaddeaddead not found/,
    );
    // One VPC read (its calls go out together) and nothing after: the miss is remembered.
    const vpcCalls = sandbox.calls.filter(c => c.action === 'DescribeVpcs');
    expect(vpcCalls).toHaveLength(1);
  });

  it('answers a flood of refreshes of one report with one read per refresh interval', async () => {
    const server = await startSandboxBackend({ entities });
    await request(server).get(reportPath('payments-api'));
    sandbox.resetCalls();
    const refreshes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(server)
          .get(reportPath('payments-api', true))
          .set('Authorization', as(`user:default/person-${i}`)),
      ),
    );
    expect(new Set(refreshes.map(r => r.status))).toEqual(new Set([200]));
    // The read before was within the interval: the refreshes are answered by it.
    expect(sandbox.calls.filter(c => c.action === 'DescribeVpcs')).toHaveLength(
      0,
    );
  });
});

describe('the report deadline', () => {
  it('answers within the deadline when AWS hangs, the unread checks unknown: timed out', async () => {
    const server = await startSandboxBackend({
      entities,
      fargateEndpoints: {
        reportDeadline: 1,
        requestTimeout: 30,
        maxAttempts: 1,
      },
    });
    sandbox.setFaults([{ action: 'DescribeRouteTables', kind: 'hang' }]);
    const started = Date.now();
    const res = await request(server).get(reportPath('payments-api'));
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(took).toBeLessThan(10_000);
    expect(res.body.verdict).toBe('unknown');
    expect(res.body.unknown[0].reason).toMatch(
      /^timed out: the read of vpc-\w+ had not answered when the check's deadline of 1 s passed$/,
    );
  });
});
