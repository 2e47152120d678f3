import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
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
import { AlertSettings } from '../service/config';
import { FirstSeenStore } from './FirstSeenStore';
import { FirstSweepDigest, firstSweepDigestPayload } from './firstSweepDigest';
import { DatabaseSweepStore } from './DatabaseSweepStore';
import type { SweepStore } from './SweepStore';

const healthy = healthyIsolatedSnapshot();
const broken = withoutEndpoint(healthy, 'ecr.api');

const ORDERS = 'component:default/orders-worker';
const PAYMENTS = 'component:default/payments-api';
const BATCH = 'component:default/orders-batch';
const TEAM_ORDERS = 'group:default/team-orders';
const TEAM_PAYMENTS = 'group:default/team-payments';

const SETTINGS: AlertSettings = {
  enabled: true,
  severity: 'error',
  quietPeriodMs: 0,
  firstSweepDigest: true,
};

function reportOf(snapshot = healthy): CheckReport {
  return evaluateService(snapshot, serviceSpecFor(snapshot));
}

/** A replica: its own store objects and digest on the shared database. */
async function replica(
  knex: Knex,
  sent: NotificationSendOptions[],
  options: { settings?: AlertSettings; fail?: () => boolean } = {},
) {
  const database = { getClient: async () => knex };
  const store = await DatabaseSweepStore.create(database);
  const firstSeen = await FirstSeenStore.create(database);
  const digest = new FirstSweepDigest({
    store,
    firstSeen,
    notifications: {
      async send(message: NotificationSendOptions) {
        if (options.fail?.()) throw new Error('notifications backend down');
        sent.push(message);
      },
    },
    logger: mockServices.logger.mock(),
    settings: options.settings ?? SETTINGS,
    now: () => Date.now(),
  });
  return { store, digest };
}

async function sweep(
  store: SweepStore,
  results: Array<[string, string, CheckReport]>,
) {
  for (const [entityRef, ownerRef, report] of results) {
    await store.record(
      {
        entityRef,
        ownerRef,
        targetKey: 'k',
        report,
        readAt: Date.now(),
        stale: false,
        fingerprint: vpcFingerprint(healthy, {
          securityGroupIds: report.target.securityGroupIds,
        }),
      },
      { now: Date.now(), threshold: 'error' },
    );
  }
  return results.map(([entityRef, ownerRef]) => ({ entityRef, ownerRef }));
}

describe('the first-sweep digest', () => {
  let knex: Knex;
  beforeEach(() => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  });
  afterEach(() => knex.destroy());

  it('tells each owner once what was already broken, across replicas and restarts', async () => {
    const sent: NotificationSendOptions[] = [];
    const a = await replica(knex, sent);
    const b = await replica(knex, sent);
    const watched = await sweep(a.store, [
      [ORDERS, TEAM_ORDERS, reportOf(broken)],
      [BATCH, TEAM_ORDERS, reportOf(broken)],
      [PAYMENTS, TEAM_PAYMENTS, reportOf(healthy)],
    ]);

    // Two replicas finish sweeps at once: one digest for team-orders, none for team-payments.
    const results = await Promise.all([
      a.digest.dispatch(watched),
      b.digest.dispatch(watched),
    ]);
    expect(results.map(r => r.sent).sort()).toEqual([0, 1]);
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: TEAM_ORDERS,
    });
    expect(sent[0].payload).toMatchObject({
      title:
        '2 services were already not ready when the watch began: orders-batch, orders-worker',
      severity: 'high',
      topic: 'fargate-endpoints',
      link: '/fargate-endpoints',
    });
    expect(sent[0].payload.description).toMatch(
      /^orders-batch: .*ecr\.api.* Fix: .*\norders-worker: /s,
    );

    // The next sweep, and a restarted replica: nothing more.
    await a.digest.dispatch(watched);
    const restarted = await replica(knex, sent);
    await restarted.digest.dispatch(watched);
    expect(sent).toHaveLength(1);
  });

  it('covers a service added later on its own first sweep, and not one that broke after it was watched', async () => {
    const sent: NotificationSendOptions[] = [];
    const { store, digest } = await replica(knex, sent);
    await digest.dispatch(
      await sweep(store, [[PAYMENTS, TEAM_PAYMENTS, reportOf(healthy)]]),
    );
    expect(sent).toHaveLength(0);

    // payments-api breaks later: that is an incident's to tell, not the digest's.
    const watched = await sweep(store, [
      [PAYMENTS, TEAM_PAYMENTS, reportOf(broken)],
      [ORDERS, TEAM_ORDERS, reportOf(broken)],
    ]);
    await digest.dispatch(watched);
    expect(sent.map(s => s.recipients)).toEqual([
      { type: 'entity', entityRef: TEAM_ORDERS },
    ]);
    expect(sent[0].payload.title).toBe(
      'orders-worker was already not ready when the watch began',
    );
    expect(sent[0].payload.link).toBe(
      '/catalog/default/component/orders-worker',
    );
  });

  it('retries a digest that could not be sent at the next sweep, once', async () => {
    const sent: NotificationSendOptions[] = [];
    let down = true;
    const { store, digest } = await replica(knex, sent, { fail: () => down });
    const watched = await sweep(store, [
      [ORDERS, TEAM_ORDERS, reportOf(broken)],
    ]);
    await expect(digest.dispatch(watched)).resolves.toEqual({ sent: 0 });
    down = false;
    await expect(digest.dispatch(watched)).resolves.toEqual({ sent: 1 });
    await expect(digest.dispatch(watched)).resolves.toEqual({ sent: 0 });
    expect(sent).toHaveLength(1);
  });

  it('sends nothing when turned off, and leaves a network with no service in it out', async () => {
    const sent: NotificationSendOptions[] = [];
    const off = await replica(knex, sent, {
      settings: { ...SETTINGS, firstSweepDigest: false },
    });
    const preflight = reportOf(broken);
    preflight.target = { ...preflight.target, serviceArn: undefined };
    const watched = await sweep(off.store, [
      [ORDERS, TEAM_ORDERS, reportOf(broken)],
    ]);
    await off.digest.dispatch(watched);
    expect(sent).toHaveLength(0);

    const on = await replica(knex, sent);
    await on.digest.dispatch(
      await sweep(on.store, [
        ['component:default/checkout-preview', TEAM_ORDERS, preflight],
      ]),
    );
    expect(sent).toHaveLength(0);
  });

  it('words one service with its fix', () => {
    const payload = firstSweepDigestPayload([
      { entityRef: ORDERS, report: reportOf(broken) },
    ]);
    expect(payload.title).toBe(
      'orders-worker was already not ready when the watch began',
    );
    expect(payload.description).toMatch(/^orders-worker: .* Fix: /);
  });
});
