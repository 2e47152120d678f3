/**
 * `POST /api/fargate-endpoints/v1/impact` on the whole plugin, over the sandbox's example
 * world, with the plan files the CLI's tests use (HashiCorp's JSON output format) and a
 * catalog that applies a permission policy: the caller sees the affected entities they may
 * read, with their owners, and a count of the others.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  addToWorld,
  AwsSandbox,
  createExampleWorld,
  ecrImage,
  ecsService,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  regionOf,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import request from 'supertest';
import { startSandboxBackend } from './__testUtils__/sandboxBackend';
import type { PlanImpactResponse } from './service/planImpact';

const PLANS = join(
  __dirname,
  '..',
  '..',
  '..',
  'packages',
  'cli',
  'src',
  '__fixtures__',
  'plans',
);
const plan = (name: string) =>
  JSON.parse(readFileSync(join(PLANS, `${name}.json`), 'utf8'));

const PAYMENTS_BATCH_ARN = `arn:aws:ecs:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT_ID}:service/batch/payments-batch`;

function component(name: string, arn: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'aws.amazon.com/amazon-ecs-service-arn': arn },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

const entities = [
  component(
    'payments-api',
    EXAMPLE_SERVICES['payments-api'].serviceArn,
    'team-payments',
  ),
  component('payments-batch', PAYMENTS_BATCH_ARN, 'team-ledger'),
  component(
    'orders-worker',
    EXAMPLE_SERVICES['orders-worker'].serviceArn,
    'team-orders',
  ),
];

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** Alice may not read payments-batch (catalog.entity.read denied); Bob reads everything. */
function catalogWithPolicy() {
  const all = catalogServiceMock({ entities });
  const hidden = (options: unknown, entity: Entity) =>
    (options as { credentials?: { principal?: { userEntityRef?: string } } })
      ?.credentials?.principal?.userEntityRef === ALICE &&
    entity.metadata.name === 'payments-batch';
  const fake = catalogServiceMock.mock({
    async getEntities(req, options) {
      const { items } = await all.getEntities(req, options);
      return { items: items.filter(e => !hidden(options, e as Entity)) };
    },
  });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => fake,
  });
}

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, {
  onUnhandledRequest: 'bypass',
  world: createExampleWorld,
});

async function post(user: string, body: unknown) {
  const server = await startSandboxBackend({
    entities,
    catalog: catalogWithPolicy(),
  });
  return request(server)
    .post('/api/fargate-endpoints/v1/impact')
    .set('Authorization', mockCredentials.user.header(user))
    .send(body as object);
}

describe('POST /v1/impact', () => {
  it('names payments-api and its owner for the plan that deletes its ecr.api endpoint, with the markdown', async () => {
    const res = await post(BOB, { plan: plan('delete-payments-ecr-api') });
    expect(res.status).toBe(200);
    const body: PlanImpactResponse = res.body;
    expect(body.impact.verdict).toBe('breaks');
    expect(body.otherAffectedServices).toBe(0);
    expect(body.impact.services).toEqual([
      expect.objectContaining({
        serviceName: 'payments-api',
        clusterName: 'shop',
        outcome: 'breaks',
        entity: {
          ref: 'component:default/payments-api',
          owner: 'team-payments',
        },
        newFindings: [
          expect.objectContaining({
            finding: expect.objectContaining({
              rule: 'missing-endpoint',
              service: 'ecr.api',
            }),
            causes: ['aws_vpc_endpoint.ecr_api'],
          }),
        ],
      }),
    ]);
    expect(body.markdown).toContain(
      '### :x: This plan stops Fargate services from starting',
    );
    expect(body.markdown).toContain(
      '| `payments-api` | shop | team-payments | `missing-endpoint` (ecr.api)',
    );
    expect(body.markdown).toContain('`aws_vpc_endpoint.ecr_api` |');
  });

  it('shows Alice only the entities she may read, and counts the others', async () => {
    const vpc = regionOf(
      sandbox.world,
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
    ).vpcs.find(v => v.id === EXAMPLE_SERVICES['payments-api'].vpcId)!;
    addToWorld(
      sandbox.world,
      { accountId: EXAMPLE_ACCOUNT_ID, region: EXAMPLE_REGION },
      {
        services: [
          ecsService({
            accountId: EXAMPLE_ACCOUNT_ID,
            region: EXAMPLE_REGION,
            serviceName: 'payments-batch',
            clusterName: 'batch',
            vpc,
            image: ecrImage(
              EXAMPLE_ACCOUNT_ID,
              EXAMPLE_REGION,
              'payments-batch',
              '1.0.0',
            ),
          }),
        ],
      },
    );
    const alice = await post(ALICE, {
      plan: plan('s3-gateway-drops-task-route-table'),
    });
    expect(alice.status).toBe(200);
    expect(alice.body.impact.verdict).toBe('breaks');
    expect(
      alice.body.impact.services.map(
        (s: { serviceName: string }) => s.serviceName,
      ),
    ).toEqual(['payments-api']);
    expect(alice.body.otherAffectedServices).toBe(1);
    expect(JSON.stringify(alice.body)).not.toContain('payments-batch');
    expect(JSON.stringify(alice.body)).not.toContain('team-ledger');
    expect(alice.body.markdown).toContain(
      '1 more affected service: in catalog entities you may not read, or in none.',
    );
    const bob = await post(BOB, {
      plan: plan('s3-gateway-drops-task-route-table'),
    });
    expect(
      bob.body.impact.services.map(
        (s: { entity: { owner: string } }) => s.entity.owner,
      ),
    ).toEqual(['team-ledger', 'team-payments']);
    expect(bob.body.otherAffectedServices).toBe(0);
  });

  it('answers 200 safe for the plan that keeps the endpoint; 400 for a state file; 403 for an account config does not allow', async () => {
    const kept = await post(BOB, { plan: plan('keep-payments-ecr-api') });
    expect(kept.status).toBe(200);
    expect(kept.body.impact.verdict).toBe('safe');
    const state = await post(BOB, {
      plan: { format_version: '1.0', values: {} },
      region: EXAMPLE_REGION,
    });
    expect(state.status).toBe(400);
    expect(state.body.error.message).toContain(
      'plan.resource_changes: this is a state, not a plan',
    );
    const other = await post(BOB, {
      plan: plan('delete-payments-ecr-api'),
      accountId: '999999999999',
    });
    expect(other.status).toBe(403);
  });
});
