// `maybe` is `it`, or `it.skip` when the database is missing: the tests are not standalone.
/* eslint-disable jest/no-standalone-expect */
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  evaluateService,
  vpcFingerprint,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  healthyIsolatedSnapshot,
  serviceSpecFor,
  withoutEndpoint,
} from '@fargate-endpoints/plugin-fargate-endpoints-node/testUtils';
import knexFactory, { Knex } from 'knex';
import {
  findPostgres,
  startPostgres,
  TestPostgres,
} from '../__testUtils__/realServers';
import { DatabaseSweepStore } from './DatabaseSweepStore';
import type { SweepObservation, SweepStore } from './SweepStore';

const healthy = healthyIsolatedSnapshot();
const broken = withoutEndpoint(healthy, 'ecr.api');

function observation(entityRef: string, snapshot = healthy): SweepObservation {
  const report: CheckReport = evaluateService(
    snapshot,
    serviceSpecFor(snapshot),
  );
  return {
    entityRef,
    ownerRef: 'group:default/team-payments',
    targetKey: 'k',
    report,
    readAt: 0,
    stale: false,
    fingerprint: vpcFingerprint(snapshot, {
      securityGroupIds: report.target.securityGroupIds,
    }),
  };
}

const postgresFound = findPostgres();
const engines: Array<[string, boolean]> = [
  ['SQLite', true],
  [
    `PostgreSQL${
      'missing' in postgresFound ? ` (skipped: ${postgresFound.missing})` : ''
    }`,
    'bin' in postgresFound,
  ],
];

describe.each(engines)('SweepStore on %s', (engine, available) => {
  let postgres: TestPostgres | undefined;
  let knex: Knex;
  const stores: SweepStore[] = [];
  const maybe = available ? it : it.skip;

  beforeAll(async () => {
    if (!available) return;
    if (engine.startsWith('PostgreSQL') && 'bin' in postgresFound) {
      postgres = await startPostgres(postgresFound.bin);
      knex = knexFactory({
        client: 'pg',
        connection: { ...postgres.connection, database: 'postgres' },
      });
    } else {
      knex = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: ':memory:' },
        useNullAsDefault: true,
      });
    }
    const database = { getClient: async () => knex };
    // Two stores on one database: two replicas.
    stores.push(
      await DatabaseSweepStore.create(database),
      await DatabaseSweepStore.create(database),
    );
  }, 60_000);

  afterAll(async () => {
    await knex?.destroy();
    await postgres?.stop();
  }, 60_000);

  maybe(
    'keeps one history entry per state, confirmed by later sweeps',
    async () => {
      const [store] = stores;
      await store.record(observation('component:default/a'), {
        now: 1000,
        threshold: 'error',
      });
      await store.record(observation('component:default/a'), {
        now: 2000,
        threshold: 'error',
      });
      const entries = await store.history('component:default/a', 10);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        verdict: 'ready',
        checkedAt: new Date(1000).toISOString(),
        confirmedAt: new Date(2000).toISOString(),
      });
    },
  );

  maybe(
    'opens one incident when two replicas record the same break at once',
    async () => {
      const [one, two] = stores;
      const ref = 'component:default/b';
      await one.record(observation(ref), { now: 1000, threshold: 'error' });
      const outcomes = await Promise.all([
        one.record(observation(ref, broken), { now: 2000, threshold: 'error' }),
        two.record(observation(ref, broken), { now: 2000, threshold: 'error' }),
      ]);
      expect(outcomes.filter(o => o.opened !== undefined)).toHaveLength(1);
      // Two notifiers claiming at once get disjoint sets, together everything once.
      const claims = await Promise.all([
        one.claim('open', { claim: 'x', now: 3000, claimTimeoutMs: 60_000 }),
        two.claim('open', { claim: 'y', now: 3000, claimTimeoutMs: 60_000 }),
      ]);
      const ids = claims.flat().map(i => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      const mine = claims.flat().filter(i => i.entityRef === ref);
      expect(mine).toHaveLength(1);
      expect(mine[0].cause.change?.message).toMatch(/for ecr\.api deleted$/);
    },
  );

  maybe(
    'prunes entries older than the retention but never the latest of a service',
    async () => {
      const [store] = stores;
      const ref = 'component:default/c';
      await store.record(observation(ref), { now: 1000, threshold: 'error' });
      await store.record(observation(ref, broken), {
        now: 2000,
        threshold: 'error',
      });
      await store.record(observation(ref), { now: 3000, threshold: 'error' });
      const old = 'component:default/d';
      await store.record(observation(old), { now: 500, threshold: 'error' });
      await store.prune(2500);
      expect((await store.history(ref, 10)).map(e => e.verdict)).toEqual([
        'ready',
      ]);
      expect(await store.history(old, 10)).toHaveLength(1);
    },
  );
});
