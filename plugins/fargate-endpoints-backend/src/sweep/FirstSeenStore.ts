import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const FIRST_SEEN = 'fargate_endpoints_first_seen';
const INCIDENTS = 'fargate_endpoints_incidents';
/** Rows per statement: SQLite allows 999 bound values. */
const CHUNK = 150;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK)
    out.push(items.slice(i, i + CHUNK));
  return out;
}

/** An entity the watch covers, with the owner to tell. */
export interface WatchedEntity {
  entityRef: string;
  ownerRef: string;
}

/**
 * Which entities the first-sweep digest has covered, in the plugin's database (the table the
 * `first_sweep_digest` migration creates; `SweepStore.create` runs the migrations). An entity
 * is claimed by inserting its row, so two replicas never both take it; a claim that is never
 * settled (the replica died) is taken over after a timeout.
 */
export class FirstSeenStore {
  /** The store on the plugin's database; create the `SweepStore` first, it migrates. */
  static async create(database: DatabaseService): Promise<FirstSeenStore> {
    return new FirstSeenStore(await database.getClient());
  }

  constructor(private readonly knex: Knex) {}

  /**
   * Claims the entities no digest has covered yet, and those whose claim is older than the
   * timeout and unsent. Returns the refs this call claimed.
   */
  async claimNew(
    entities: WatchedEntity[],
    options: { claim: string; now: number; claimTimeoutMs: number },
  ): Promise<string[]> {
    const { claim, now } = options;
    const claimed: string[] = [];
    for (const part of chunks(entities)) {
      const refs = part.map(e => e.entityRef);
      await this.knex(FIRST_SEEN)
        .insert(
          part.map(e => ({
            entity_ref: e.entityRef,
            owner_ref: e.ownerRef,
            claim,
            claimed_at: now,
            sent_at: null,
          })),
        )
        .onConflict('entity_ref')
        .ignore();
      await this.knex(FIRST_SEEN)
        .update({ claim, claimed_at: now })
        .whereIn('entity_ref', refs)
        .whereNull('sent_at')
        .where('claimed_at', '<', now - options.claimTimeoutMs);
      const rows = await this.knex(FIRST_SEEN)
        .select('entity_ref')
        .whereIn('entity_ref', refs)
        .where({ claim })
        .whereNull('sent_at');
      claimed.push(...rows.map(r => String(r.entity_ref)));
    }
    return claimed;
  }

  /** Marks claimed entities as told (`sentAt`), or gives them back for the next sweep. */
  async settle(
    claim: string,
    entityRefs: string[],
    outcome: { sentAt: number } | 'release',
  ): Promise<void> {
    for (const refs of chunks(entityRefs)) {
      const rows = this.knex(FIRST_SEEN)
        .whereIn('entity_ref', refs)
        .where({ claim })
        .whereNull('sent_at');
      if (outcome === 'release') await rows.delete();
      else await rows.update({ sent_at: outcome.sentAt });
    }
  }

  /** The entities among these with an open incident: the incident notifier tells their owners. */
  async withOpenIncident(entityRefs: string[]): Promise<Set<string>> {
    const open = new Set<string>();
    for (const refs of chunks(entityRefs)) {
      const rows = await this.knex(INCIDENTS)
        .select('entity_ref')
        .whereIn('open_key', refs);
      for (const row of rows) open.add(String(row.entity_ref));
    }
    return open;
  }
}
