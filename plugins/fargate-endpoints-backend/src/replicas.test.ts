/**
 * Two backend replicas on one real PostgreSQL and one real Redis (Backstage's database, cache
 * and scheduler services, as production runs them): the sweep runs once per interval across
 * them, either serves its results, and a replica stopped mid-sweep loses no result and causes
 * no duplicate notification. Skipped, with the reason in the test name, when the Debian
 * binaries are missing.
 */
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  findEndpoint,
  registerSandboxTestHooks,
  SandboxVpcEndpoint,
} from '@fargate-endpoints/aws-sandbox';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import fargateEndpointsPlugin from './index';
import {
  findPostgres,
  findRedis,
  startPostgres,
  startRedis,
  TestPostgres,
  TestRedis,
} from './__testUtils__/realServers';
import { TEST_MAIN_ACCESS_KEY_ID } from './__testUtils__/sandboxBackend';
import { capturingNotifications } from './__testUtils__/sweepTestUtils';

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

const inPaymentsVpc = (name: string) =>
  component(name, 'team-payments', {
    'fargate-endpoints.io/region': EXAMPLE_REGION,
    'fargate-endpoints.io/account-id': EXAMPLE_ACCOUNT_ID,
    'fargate-endpoints.io/vpc-id': payments.vpcId,
    'fargate-endpoints.io/subnet-ids': payments.subnetIds.join(','),
    'fargate-endpoints.io/security-group-ids':
      payments.securityGroupIds.join(','),
    'fargate-endpoints.io/needs': 'ecr,logs',
  });

const entities = [
  component('payments-api', 'team-payments', {
    'aws.amazon.com/amazon-ecs-service-arn': payments.serviceArn,
  }),
  inPaymentsVpc('payments-batch'),
  inPaymentsVpc('payments-ledger'),
  inPaymentsVpc('payments-refunds'),
  component('orders-worker', 'team-orders', {
    'aws.amazon.com/amazon-ecs-service-arn': orders.serviceArn,
  }),
];
const PAYMENTS_SERVICES = [
  'payments-api',
  'payments-batch',
  'payments-ledger',
  'payments-refunds',
];

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, {
  onUnhandledRequest: 'bypass',
  world: createExampleWorld,
});

const postgresFound = findPostgres();
const redisFound = findRedis();
const missing = [postgresFound, redisFound].flatMap(found =>
  'missing' in found ? [found.missing] : [],
);
if (!existsSync('/usr/bin/redis-cli'))
  missing.push('no /usr/bin/redis-cli (apt-get install redis-tools)');
const describeReal = missing.length ? describe.skip : describe;
if (missing.length) {
  // Said out loud, not a silent pass.
  // eslint-disable-next-line no-console
  console.warn(`replicas.test.ts skipped: ${missing.join('; ')}`);
}

const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 90_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
};

/** Notifications of the first-sweep digest (what was already broken when the watch began). */
const digestNotices = <T extends { payload: { scope?: string } }>(sent: T[]) =>
  sent.filter(n =>
    n.payload.scope?.startsWith('fargate-endpoints:first-sweep:'),
  );
/** Notifications of incidents (breaks and recoveries). */
const incidentNotices = <T extends { payload: { scope?: string } }>(
  sent: T[],
) =>
  sent.filter(
    n => !n.payload.scope?.startsWith('fargate-endpoints:first-sweep:'),
  );

describeReal(
  `two replicas on a real PostgreSQL and Redis${
    missing.length ? ` (skipped: ${missing.join('; ')})` : ''
  }`,
  () => {
    let postgres: TestPostgres;
    let redis: TestRedis;
    const open: Knex[] = [];
    const backends: Array<{ stop(): Promise<void> }> = [];

    beforeAll(async () => {
      if ('missing' in postgresFound || 'missing' in redisFound) return;
      [postgres, redis] = await Promise.all([
        startPostgres(postgresFound.bin),
        startRedis(redisFound.bin),
      ]);
    }, 60_000);

    afterAll(async () => {
      // The replicas before the servers they talk to.
      await Promise.all(backends.map(b => b.stop().catch(() => undefined)));
      await Promise.all(open.map(k => k.destroy()));
      await Promise.all([postgres?.stop(), redis?.stop()]);
    }, 60_000);

    /** The plugin's own database, as the replicas share it. */
    function pluginDb(prefix: string): Knex {
      const knex = knexFactory({
        client: 'pg',
        connection: {
          ...postgres.connection,
          database: `${prefix}fargate-endpoints`,
        },
        pool: { min: 0, max: 2 },
      });
      open.push(knex);
      return knex;
    }

    async function replica(
      prefix: string,
      notifications: ReturnType<typeof capturingNotifications>,
      fargateEndpoints: Record<string, unknown> = {},
    ) {
      const backend = await startTestBackend({
        features: [
          fargateEndpointsPlugin,
          catalogServiceMock.factory({ entities }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          mockServices.rootConfig.factory({
            data: {
              backend: {
                database: {
                  client: 'pg',
                  connection: postgres.connection,
                  prefix,
                },
                cache: { store: 'redis', connection: redis.url },
              },
              aws: {
                mainAccount: {
                  accessKeyId: TEST_MAIN_ACCESS_KEY_ID,
                  secretAccessKey: 'not-a-secret',
                },
              },
              fargateEndpoints: {
                allowedAccountIds: [EXAMPLE_ACCOUNT_ID],
                maxAttempts: 2,
                requestTimeout: 5,
                cache: { minRefreshInterval: 0.001 },
                sweep: { frequency: 2, initialDelay: 1, timeout: 30 },
                ...fargateEndpoints,
              },
            },
          }),
          databaseServiceFactory,
          cacheServiceFactory,
          schedulerServiceFactory,
          notifications.factory,
        ],
      });
      backends.push(backend);
      return backend;
    }

    interface SweepRow {
      id: number;
      runner: string;
      started_at: string;
      finished_at: string | null;
      outcome: string | null;
    }
    const sweeps = async (db: Knex): Promise<SweepRow[]> =>
      db('fargate_endpoints_sweeps').orderBy('id');
    const done = (rows: SweepRow[]) => rows.filter(r => r.outcome === 'done');

    it('sweeps once per interval across both, and either serves the result', async () => {
      const notifications = capturingNotifications();
      const [a, b] = await Promise.all([
        replica('t1_', notifications),
        replica('t1_', notifications),
      ]);
      const db = pluginDb('t1_');
      const rows = await until('three sweeps', async () => {
        const all = await sweeps(db);
        return done(all).length >= 3 && all;
      });
      // Never two at once: each sweep starts after the previous one ended.
      const ordered = rows
        .filter(r => r.finished_at)
        .map(r => ({
          start: Number(r.started_at),
          end: Number(r.finished_at),
        }));
      for (let i = 1; i < ordered.length; i += 1) {
        expect(ordered[i].start).toBeGreaterThanOrEqual(ordered[i - 1].end);
      }
      // Two replicas each sweeping every 2 s would make twice as many.
      const span = ordered[ordered.length - 1].start - ordered[0].start;
      expect(ordered.length).toBeLessThanOrEqual(Math.floor(span / 2000) + 2);

      const fromA = await request(a.server).get(
        '/api/fargate-endpoints/v1/entities/component/default/payments-api/report',
      );
      const fromB = await request(b.server).get(
        '/api/fargate-endpoints/v1/entities/component/default/payments-api/report',
      );
      expect(fromA.body).toMatchObject({ verdict: 'ready' });
      expect(fromA.body.sweptAt).toEqual(expect.any(String));
      expect(fromB.body.verdict).toBe('ready');
      expect(fromB.body.sweptAt).toEqual(expect.any(String));

      // The reads were cached in Redis, not in each replica's memory.
      {
        const { stdout } = await promisify(execFile)('/usr/bin/redis-cli', [
          '-p',
          String(redis.port),
          '--scan',
          '--pattern',
          'fargate-endpoints:*',
        ]);
        // Keys are the plugin's namespace and the base64 of its own key (`vpc:<account>:...`).
        const vpcKeys = stdout
          .split('\n')
          .filter(Boolean)
          .map(key =>
            Buffer.from(key.split(':')[1] ?? '', 'base64').toString('utf8'),
          )
          .filter(key => key.startsWith('vpc:'));
        expect(vpcKeys).toEqual(
          expect.arrayContaining([expect.stringContaining(payments.vpcId)]),
        );
      }
      // No incident: the only notification is the first-sweep digest of what was already
      // broken (orders-worker), sent once although both replicas swept.
      expect(incidentNotices(notifications.sent)).toEqual([]);
      expect(
        digestNotices(notifications.sent).map(n => n.payload.scope),
      ).toEqual([
        'fargate-endpoints:first-sweep:component:default/orders-worker',
      ]);
      await Promise.all([a.stop(), b.stop()]);
    }, 120_000);

    it('a replica stopped mid-sweep loses no result and causes no duplicate notification', async () => {
      const notifications = capturingNotifications();
      const replicas = await Promise.all([
        replica('t2_', notifications, { overview: { maxConcurrentChecks: 1 } }),
        replica('t2_', notifications, { overview: { maxConcurrentChecks: 1 } }),
      ]);
      const db = pluginDb('t2_');
      await until(
        'a first sweep',
        async () => done(await sweeps(db)).length >= 1,
      );

      // Slow AWS, so that a sweep is long enough to stop one in the middle of it.
      sandbox.setLatency(150);
      const vpc = sandbox.world.accounts[EXAMPLE_ACCOUNT_ID].regions[
        EXAMPLE_REGION
      ].vpcs.find(v => v.id === payments.vpcId)!;
      const endpoint = findEndpoint(vpc, 'ecr.api') as SandboxVpcEndpoint;
      // Between sweeps, so that one sweep sees the whole VPC broken.
      await until('no sweep running', async () =>
        (await sweeps(db)).every(r => r.finished_at),
      );
      const brokeAt = Date.now();
      vpc.endpoints = vpc.endpoints.filter(e => e !== endpoint);

      // A sweep that began after the break and has not recorded every service: it reads its
      // account and region ahead (the slow part with slow AWS), then records them all.
      const running = await until('a sweep part way through', async () => {
        const current = (await sweeps(db)).find(
          r => Number(r.started_at) > brokeAt && !r.finished_at,
        );
        if (!current) return false;
        const recorded = await db('fargate_endpoints_latest').where(
          'swept_at',
          '>=',
          Number(current.started_at),
        );
        return recorded.length < entities.length ? current : false;
      });
      const states = await Promise.all(
        replicas.map(async r => {
          const res = await request(r.server).get(
            '/api/fargate-endpoints/.backstage/scheduler/v1/tasks',
          );
          return res.body.tasks?.[0]?.workerState?.status;
        }),
      );
      const victim = states.indexOf('running');
      expect(victim).toBeGreaterThanOrEqual(0);
      const stoppedAt = Date.now();
      await replicas[victim].stop();
      const stoppedRow = (await sweeps(db)).find(r => r.id === running.id)!;
      // It really was stopped mid-sweep.
      expect(stoppedRow.outcome).not.toBe('done');

      // The survivor takes over at the next interval and finishes.
      await until('a sweep by the survivor', async () =>
        done(await sweeps(db)).some(r => Number(r.started_at) > stoppedAt),
      );
      // No result lost: every service was checked after the break.
      const latest = await db('fargate_endpoints_latest').select(
        'entity_ref',
        'swept_at',
      );
      expect(latest.filter(r => Number(r.swept_at) > brokeAt)).toHaveLength(
        entities.length,
      );
      // One notification to the owner, for every service of the VPC, naming the cause.
      expect(incidentNotices(notifications.sent)).toHaveLength(1);
      const [sent] = incidentNotices(notifications.sent);
      expect(sent.recipients).toEqual({
        type: 'entity',
        entityRef: 'group:default/team-payments',
      });
      expect(sent.payload.title).toBe(
        `4 services will fail to start tasks: ${PAYMENTS_SERVICES.join(', ')}`,
      );
      expect(sent.payload.description).toContain(
        `endpoint ${endpoint.id} for ecr.api deleted`,
      );
      // And none more at the next sweep.
      const count = done(await sweeps(db)).length;
      await until(
        'one more sweep',
        async () => done(await sweeps(db)).length > count,
      );
      expect(incidentNotices(notifications.sent)).toHaveLength(1);

      // Restored: one recovery notification.
      vpc.endpoints.push(endpoint);
      const restoredAt = Date.now();
      await until('a sweep after the restore', async () =>
        done(await sweeps(db)).some(r => Number(r.started_at) > restoredAt),
      );
      expect(incidentNotices(notifications.sent)).toHaveLength(2);
      // The first-sweep digest of orders-worker, once across the takeover.
      expect(digestNotices(notifications.sent)).toHaveLength(1);
      expect(incidentNotices(notifications.sent)[1].payload.title).toBe(
        `4 services ready again: ${PAYMENTS_SERVICES.join(', ')}`,
      );
      sandbox.setLatency(undefined);
      await replicas[1 - victim].stop();
    }, 180_000);
  },
);
