import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  HistoryEntry,
  SnapshotChange,
  Verdict,
  VpcFingerprint,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { Knex } from 'knex';

import {
  healthOf,
  historyChange,
  historyFindings,
  HistoryState,
  incidentChange,
} from './incidentPolicy';
import type {
  CurrentVerdict,
  IncidentRow,
  LatestResult,
  RecordOutcome,
  SweepObservation,
  SweepRun,
  SweepStore,
} from './SweepStore';

const LATEST = 'fargate_endpoints_latest';
const HISTORY = 'fargate_endpoints_history';
const INCIDENTS = 'fargate_endpoints_incidents';
const SWEEPS = 'fargate_endpoints_sweeps';

const json = (value: unknown) => JSON.stringify(value);
const parse = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;
// PostgreSQL returns bigint columns as strings.
const num = (value: unknown): number => Number(value);
const optNum = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);

function toLatest(row: Record<string, unknown>): LatestResult {
  return {
    targetKey: String(row.target_key),
    report: parse(row.report),
    readAt: num(row.read_at),
    sweptAt: num(row.swept_at),
    stale: Boolean(row.stale),
    failure: row.failure ? parse(row.failure) : undefined,
  };
}

interface HistoryRow {
  id: number | string;
  entity_ref: string;
  checked_at: number | string;
  confirmed_at: number | string;
  verdict: string;
  health: string;
  findings: string;
  fingerprint: string | null;
  changes: string;
}

/**
 * The plugin's database: latest results, history, incidents and sweeps. Every write that
 * decides something (a new history entry, an incident opened or closed, a notification
 * claimed) is one transaction, so replicas sharing the database agree.
 */
/** How long a replica waits for another one's migrations before it gives up starting. */
const MIGRATION_LOCK_WAIT_MS = 60_000;

export class DatabaseSweepStore implements SweepStore {
  static async create(database: DatabaseService): Promise<DatabaseSweepStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      const migrate = () =>
        knex.migrate.latest({
          directory: resolvePackagePath(
            '@fargate-endpoints/plugin-fargate-endpoints-backend',
            'migrations',
          ),
          tableName: 'fargate_endpoints_knex_migrations',
        });
      // Replicas that start together race to create knex's own bookkeeping tables (its lock
      // only works once they exist): the loser tries again and finds them. While another
      // replica holds the migration lock, knex fails at once with MigrationLocked instead of
      // waiting, so wait for that replica to finish (a slow database can take seconds).
      const startedAt = Date.now();
      for (let attempt = 1; ; attempt += 1) {
        try {
          await migrate();
          break;
        } catch (error) {
          const locked = (error as Error)?.name === 'MigrationLocked';
          if (
            locked
              ? Date.now() - startedAt > MIGRATION_LOCK_WAIT_MS
              : attempt >= 5
          )
            throw error;
          await new Promise(r => setTimeout(r, Math.min(200 * attempt, 2000)));
        }
      }
    }
    return new DatabaseSweepStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  /** Records one check: the latest result, a history entry or its confirmation, and incidents. */
  async record(
    observation: SweepObservation,
    options: { now: number; threshold: 'error' | 'warning' },
  ): Promise<RecordOutcome> {
    const { entityRef, report } = observation;
    const { now } = options;
    const findings = historyFindings(report);
    const health = healthOf(report, options.threshold);
    return this.knex.transaction(async tx => {
      await tx(LATEST)
        .insert({
          entity_ref: entityRef,
          target_key: observation.targetKey,
          report: json(report),
          read_at: observation.readAt,
          swept_at: now,
          stale: observation.stale,
          failure: observation.failure ? json(observation.failure) : null,
        })
        .onConflict('entity_ref')
        .merge();

      const last: HistoryRow | undefined = await tx(HISTORY)
        .where({ entity_ref: entityRef })
        .orderBy('id', 'desc')
        .first();
      const next: HistoryState = {
        verdict: report.verdict,
        health,
        findings,
        fingerprint: observation.fingerprint,
      };
      const entry = historyChange(last && historyState(last), next);
      if (entry.kind === 'confirm') {
        await tx(HISTORY).where({ id: last!.id }).update({ confirmed_at: now });
        return { changed: false };
      }
      await tx(HISTORY).insert({
        entity_ref: entityRef,
        checked_at: now,
        confirmed_at: now,
        verdict: report.verdict,
        health,
        findings: json(findings),
        fingerprint: observation.fingerprint
          ? json(observation.fingerprint)
          : null,
        changes: json(entry.changes),
      });

      const outcome: RecordOutcome = { changed: true };
      if (health === 'unknown') return outcome;
      // The last decisive state before this one: a break is a break from healthy.
      const previous: HistoryRow | undefined = await tx(HISTORY)
        .where({ entity_ref: entityRef })
        .whereNot({ health: 'unknown' })
        .orderBy('id', 'desc')
        .offset(1)
        .first();
      const incident = incidentChange({
        next,
        previous: previous && historyState(previous),
        ownerRef: observation.ownerRef,
      });
      if (incident.kind === 'open') {
        // Insert-if-absent on the open key: one open incident per entity, whoever records first.
        const inserted = await tx(INCIDENTS)
          .insert({
            entity_ref: entityRef,
            owner_ref: observation.ownerRef,
            open_key: entityRef,
            opened_at: now,
            cause: json(incident.cause),
          })
          .onConflict('open_key')
          .ignore()
          .returning('id');
        const id = (inserted[0] as { id?: unknown } | undefined)?.id;
        if (id !== undefined) outcome.opened = num(id);
      } else if (incident.kind === 'close') {
        const open = await tx(INCIDENTS).where({ open_key: entityRef }).first();
        if (open) {
          const updated = await tx(INCIDENTS)
            .where({ id: open.id, open_key: entityRef })
            .update({
              open_key: null,
              closed_at: now,
              recovery: json(incident.cause),
            });
          if (updated) outcome.closed = num(open.id);
        }
      }
      return outcome;
    });
  }

  /** The latest sweep result of an entity. */
  async latest(entityRef: string): Promise<LatestResult | undefined> {
    const row = await this.knex(LATEST)
      .where({ entity_ref: entityRef })
      .first();
    return row ? toLatest(row) : undefined;
  }

  /** The latest sweep results of many entities. */
  async latestMany(entityRefs: string[]): Promise<Map<string, LatestResult>> {
    const result = new Map<string, LatestResult>();
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows = await this.knex(LATEST).whereIn(
        'entity_ref',
        entityRefs.slice(i, i + 500),
      );
      for (const row of rows) result.set(row.entity_ref, toLatest(row));
    }
    return result;
  }

  /**
   * Since when each entity has been in its current verdict, for many entities at once: the
   * oldest entry of the newest run of the same verdict, over all of the entity's history, with
   * the change that explains it when an entry with another verdict came before. The one place
   * "since" is computed: the history route and the overview both ask here.
   */
  async currentSince(
    entityRefs: string[],
  ): Promise<Map<string, CurrentVerdict>> {
    const result = new Map<string, CurrentVerdict>();
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows: HistoryRow[] = await this.knex(HISTORY)
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .orderBy('id', 'asc')
        .select('entity_ref', 'verdict', 'checked_at', 'changes');
      for (const row of rows) {
        const known = result.get(row.entity_ref);
        if (known && known.verdict === row.verdict) continue;
        // The store keeps the change that explains an entry's findings first.
        const cause: SnapshotChange | undefined = known
          ? parse<SnapshotChange[]>(row.changes)[0]
          : undefined;
        result.set(row.entity_ref, {
          verdict: row.verdict as Verdict,
          since: num(row.checked_at),
          ...(cause ? { cause } : {}),
        });
      }
    }
    return result;
  }

  /** An entity's history, newest first. */
  async history(entityRef: string, limit: number): Promise<HistoryEntry[]> {
    const rows: HistoryRow[] = await this.knex(HISTORY)
      .where({ entity_ref: entityRef })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(row => ({
      checkedAt: new Date(num(row.checked_at)).toISOString(),
      confirmedAt: new Date(num(row.confirmed_at)).toISOString(),
      verdict: row.verdict as Verdict,
      findings: parse(row.findings),
      changes: parse(row.changes),
    }));
  }

  /**
   * Claims the incidents whose opening (or recovery) no one has told yet, for one notifier:
   * a claim older than `claimTimeoutMs` (its notifier died before sending) is taken over.
   * Returns the claimed incidents, which no other notifier gets.
   */
  async claim(
    which: 'open' | 'close',
    options: {
      claim: string;
      now: number;
      claimTimeoutMs: number;
      /** Openings younger than this are left for later (the quiet period). */
      openedBefore?: number;
    },
  ): Promise<IncidentRow[]> {
    const claimCol = `${which}_claim`;
    const claimedAtCol = `${which}_claimed_at`;
    const sentCol = `${which}_sent_at`;
    const pending = (q: Knex.QueryBuilder) => {
      q.whereNull(sentCol).andWhere(inner =>
        inner
          .whereNull(claimCol)
          .orWhere(claimedAtCol, '<', options.now - options.claimTimeoutMs),
      );
      if (which === 'open') {
        q.whereNull('closed_at').andWhere(
          'opened_at',
          '<=',
          options.openedBefore ?? options.now,
        );
      } else {
        // Only recoveries of incidents whose owner was told of the break.
        q.whereNotNull('closed_at').whereNotNull('open_sent_at');
      }
      return q;
    };
    await pending(this.knex(INCIDENTS)).update({
      [claimCol]: options.claim,
      [claimedAtCol]: options.now,
    });
    const rows = await this.knex(INCIDENTS)
      .where({ [claimCol]: options.claim })
      .whereNull(sentCol)
      .orderBy('id');
    return rows.map(row => ({
      id: num(row.id),
      entityRef: row.entity_ref,
      ownerRef: row.owner_ref,
      openedAt: num(row.opened_at),
      closedAt: optNum(row.closed_at),
      cause: parse(row.cause),
      recovery: row.recovery ? parse(row.recovery) : undefined,
    }));
  }

  /** Marks claimed incidents told (after the notification went out) or releases them (it failed). */
  async settle(
    which: 'open' | 'close',
    claim: string,
    ids: number[],
    outcome: { sentAt: number } | 'release',
  ): Promise<void> {
    const query = this.knex(INCIDENTS)
      .whereIn('id', ids)
      .where({ [`${which}_claim`]: claim });
    await (outcome === 'release'
      ? query.update({
          [`${which}_claim`]: null,
          [`${which}_claimed_at`]: null,
        })
      : query.update({ [`${which}_sent_at`]: outcome.sentAt }));
  }

  /** Starts a sweep's log row. */
  async startSweep(runner: string, now: number): Promise<number> {
    const [row] = await this.knex(SWEEPS)
      .insert({ runner, started_at: now })
      .returning('id');
    return num((row as { id: unknown }).id ?? row);
  }

  async finishSweep(
    id: number,
    result: { now: number; entities: number; checked: number; outcome: string },
  ): Promise<void> {
    await this.knex(SWEEPS).where({ id }).update({
      finished_at: result.now,
      entities: result.entities,
      checked: result.checked,
      outcome: result.outcome,
    });
  }

  async recentSweeps(
    limit: number,
  ): Promise<
    Array<{ startedAt: number; finishedAt?: number; outcome?: string }>
  > {
    const rows = await this.knex(SWEEPS).orderBy('id', 'desc').limit(limit);
    return rows.map(row => ({
      startedAt: num(row.started_at),
      finishedAt: optNum(row.finished_at),
      outcome: row.outcome ?? undefined,
    }));
  }

  /** Every sweep run, oldest first (tests and the bench read it). */
  async sweeps(): Promise<SweepRun[]> {
    const rows = await this.knex(SWEEPS).orderBy('id');
    return rows.map(row => ({
      id: num(row.id),
      runner: row.runner,
      startedAt: num(row.started_at),
      finishedAt: optNum(row.finished_at),
      checked: optNum(row.checked),
      outcome: row.outcome ?? undefined,
    }));
  }

  /**
   * Deletes what is older than the retention: history entries last confirmed before it (never
   * an entity's latest one), closed incidents, sweep logs. Returns the history rows deleted.
   */
  async prune(before: number): Promise<number> {
    const latestIds = this.knex(HISTORY).max('id').groupBy('entity_ref');
    const deleted = await this.knex(HISTORY)
      .where('confirmed_at', '<', before)
      .whereNotIn('id', latestIds)
      .delete();
    await this.knex(INCIDENTS)
      .whereNotNull('closed_at')
      .where('closed_at', '<', before)
      .delete();
    await this.knex(SWEEPS).where('started_at', '<', before).delete();
    return deleted;
  }
}

/** A history row as the policy reads it. */
function historyState(row: HistoryRow): HistoryState {
  return {
    verdict: row.verdict,
    health: row.health,
    findings: parse(row.findings),
    fingerprint: row.fingerprint
      ? parse<VpcFingerprint>(row.fingerprint)
      : undefined,
  };
}
