/**
 * What the sweep keeps: each entity's latest result, its history, the incidents its owners are
 * told of, and the sweeps' own log. `DatabaseSweepStore` keeps it in the plugin's database;
 * what counts as a new entry or an incident is decided in `incidentPolicy.ts`.
 */
import type {
  CheckReport,
  HistoryEntry,
  HistoryFinding,
  SnapshotChange,
  Verdict,
  VpcFingerprint,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** The finding and the change that explain an incident's opening or closing. */
export interface IncidentCause {
  finding?: HistoryFinding;
  change?: SnapshotChange;
}

/** An incident as the notifier reads it. */
export interface IncidentRow {
  id: number;
  entityRef: string;
  ownerRef: string;
  openedAt: number;
  closedAt?: number;
  cause: IncidentCause;
  recovery?: IncidentCause;
}

/** The latest sweep result of one entity. */
export interface LatestResult {
  targetKey: string;
  report: CheckReport;
  readAt: number;
  sweptAt: number;
  stale: boolean;
  failure?: { reason: string; at: number };
}

/** What one check of one entity gives the store. */
export interface SweepObservation {
  entityRef: string;
  /** The owner to tell, as an entity ref; no incident is opened without one. */
  ownerRef?: string;
  targetKey: string;
  report: CheckReport;
  readAt: number;
  stale: boolean;
  failure?: { reason: string; at: number };
  fingerprint?: VpcFingerprint;
}

/** What recording an observation did. */
export interface RecordOutcome {
  /** A new history entry (the state changed), or only a confirmation of the last one. */
  changed: boolean;
  /** An incident this call opened, or closed. */
  opened?: number;
  closed?: number;
}

/** An entity's current verdict, since when it holds, and the change that brought it. */
export interface CurrentVerdict {
  verdict: Verdict;
  /** Epoch milliseconds of the oldest entry of the newest run of this verdict. */
  since: number;
  /** The change that explains the entry where the run began; none for the first entry. */
  cause?: SnapshotChange;
}

/** A sweep run as its log keeps it. */
export interface SweepRun {
  id: number;
  runner: string;
  startedAt: number;
  finishedAt?: number;
  checked?: number;
  outcome?: string;
}

/** The sweep's store. */
export interface SweepStore {
  /** Records one check: the latest result, a history entry or its confirmation, and incidents. */
  record(
    observation: SweepObservation,
    options: { now: number; threshold: 'error' | 'warning' },
  ): Promise<RecordOutcome>;
  /** The latest sweep result of an entity. */
  latest(entityRef: string): Promise<LatestResult | undefined>;
  /** The latest sweep results of many entities. */
  latestMany(entityRefs: string[]): Promise<Map<string, LatestResult>>;
  /** Since when each entity has been in its current verdict (the one place "since" is computed). */
  currentSince(entityRefs: string[]): Promise<Map<string, CurrentVerdict>>;
  /** An entity's history, newest first. */
  history(entityRef: string, limit: number): Promise<HistoryEntry[]>;
  /**
   * Claims the incidents whose opening (or recovery) no one has told yet, for one notifier:
   * a claim older than `claimTimeoutMs` (its notifier died before sending) is taken over.
   */
  claim(
    which: 'open' | 'close',
    options: {
      claim: string;
      now: number;
      claimTimeoutMs: number;
      /** Openings younger than this are left for later (the quiet period). */
      openedBefore?: number;
    },
  ): Promise<IncidentRow[]>;
  /** Marks claimed incidents told (after the notification went out) or releases them (it failed). */
  settle(
    which: 'open' | 'close',
    claim: string,
    ids: number[],
    outcome: { sentAt: number } | 'release',
  ): Promise<void>;
  /** Starts a sweep's log row. */
  startSweep(runner: string, now: number): Promise<number>;
  /** Finishes a sweep's log row. */
  finishSweep(
    id: number,
    result: { now: number; entities: number; checked: number; outcome: string },
  ): Promise<void>;

  /** The latest sweep runs, newest first: what sizes the sweep's timeout and spots a takeover. */
  recentSweeps(
    limit: number,
  ): Promise<
    Array<{ startedAt: number; finishedAt?: number; outcome?: string }>
  >;

  /** Every sweep run, oldest first (tests and the bench read it). */
  sweeps(): Promise<SweepRun[]>;
  /** Deletes what is older than the retention; returns the history rows deleted. */
  prune(before: number): Promise<number>;
}
