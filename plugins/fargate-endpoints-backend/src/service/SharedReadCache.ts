import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  deserializeError,
  InputError,
  NotAllowedError,
  NotFoundError,
  serializeError,
  ServiceUnavailableError,
  type SerializedError,
} from '@backstage/errors';
import { JsonValue } from '@backstage/types';

/** A value read from AWS, with when it was read. */
export interface CachedRead<T> {
  value: T;
  /** Epoch milliseconds of the AWS read. */
  readAt: number;
  /** True when the value is past its freshness window, or a later read of it failed. */
  stale: boolean;
  /** Why the last attempt to read it again failed, when one did. */
  failure?: { reason: string; at: number };
}

/** What is stored, in the cache service and in this instance's memory. */
interface StoredRead<T> {
  /** The last good read; absent when every read so far failed. */
  value?: T;
  /** When the last good read started: a refresh asked for before then is answered by it. */
  startedAt: number;
  readAt: number;
  freshUntil: number;
  /** When the last attempt (good or not) started: it answers refreshes asked shortly after. */
  attemptedAt: number;
  /** The last attempt failed: why, and until when that answer stands. */
  failure?: { reason: string; at: number; until: number };
  /** The error the last attempt threw, when there is no good read to serve instead. */
  error?: SerializedError;
}

/** How recent a read must be. */
export interface ReadFreshness {
  /**
   * Epoch milliseconds when the caller asked to refresh: only a read started then or later
   * will do (one in flight is joined either way, and one started within the minimum refresh
   * interval before it answers it too). Without it, any read within its TTL will do.
   */
  refreshSince?: number;
  /**
   * Only a read started at `refreshSince` or later will do, none within the minimum refresh
   * interval before it: a sweep is answered by its own reads alone, so a change AWS made just
   * before it started is never hidden behind a read of the previous sweep.
   */
  onlyReadsSince?: boolean;
}

/** Options of a {@link SharedReadCache}. */
export interface SharedReadCacheOptions<T> {
  /** The cache service, with a default TTL that keeps entries long enough to serve them stale. */
  cache: CacheService;
  /** Prefix of every key, `vpc:`, `ecs:`, ... */
  keyPrefix: string;
  /** How long a complete read stays fresh. */
  freshMs: number;
  /** How long a read that listed failures stays fresh: retried sooner than a complete one. */
  partialFreshMs?: number;
  /**
   * How long a failed read stands (not found, denied, timed out): requests meanwhile get the
   * same answer instead of asking AWS again. Default 30 s.
   */
  negativeMs?: number;
  /**
   * A refresh asked within this long after the last attempt started is answered by that
   * attempt: a flood of refreshes costs one read per interval. Default 15 s.
   */
  minRefreshIntervalMs?: number;
  logger: LoggerService;
  /** True when the value lists parts it could not read. */
  hasFailures?: (value: T) => boolean;
  /**
   * Why a new read is worse than the previous one (it failed where the previous one read),
   * or undefined when it is not.
   */
  worseThan?: (next: T, previous: T) => string | undefined;
  /** How long a read may be served at all (stale ones included); the cache service's TTL. */
  keepMs: number;
  /**
   * The value never changes once read (an ECS task definition revision): a good read answers
   * every request, refreshes included, until `freshMs`; only failures are read again.
   */
  immutable?: boolean;
  /** Reads that this instance keeps in memory besides the cache service (oldest dropped first). */
  maxLocalEntries?: number;
  now?: () => number;
}

const DEFAULT_NEGATIVE_MS = 30_000;

/** Errors whose class callers test for, rebuilt as that class from what the cache kept. */
const KNOWN_ERRORS: Record<string, new (message: string) => Error> = {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
};

function rebuildError(serialized: SerializedError): Error {
  const Known = KNOWN_ERRORS[serialized.name];
  return Known ? new Known(serialized.message) : deserializeError(serialized);
}
const DEFAULT_MIN_REFRESH_INTERVAL_MS = 15_000;

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads through the cache service with one in-flight AWS read per key: concurrent requests
 * for the same VPC share one read, refreshes included. A cache failure is a logged miss.
 * When a refresh fails or reads less than the previous read did (throttled, timed out), the
 * previous value is served, labelled stale, with the failure's reason; a failed read with
 * nothing to fall back on is remembered for a short while, so a flood of requests for a VPC
 * that does not exist costs one read.
 */
export class SharedReadCache<T> {
  private readonly inFlight = new Map<string, Promise<CachedRead<T>>>();
  /** This instance's latest reads: they close the gap while the cache service write settles. */
  private readonly local = new Map<string, StoredRead<T>>();
  private readonly now: () => number;
  private readonly maxLocalEntries: number;
  private readonly negativeMs: number;
  private readonly minRefreshIntervalMs: number;

  constructor(private readonly options: SharedReadCacheOptions<T>) {
    this.now = options.now ?? Date.now;
    this.maxLocalEntries = options.maxLocalEntries ?? 500;
    this.negativeMs = options.negativeMs ?? DEFAULT_NEGATIVE_MS;
    this.minRefreshIntervalMs =
      options.minRefreshIntervalMs ?? DEFAULT_MIN_REFRESH_INTERVAL_MS;
  }

  /**
   * The value for the key: a stored read when recent enough, the read in flight if there is
   * one, otherwise a new read by `load`, shared with every request that comes meanwhile.
   * Throws what the read threw when there is no good read to serve.
   */
  async get(
    key: string,
    opts: ReadFreshness,
    load: () => Promise<T>,
  ): Promise<CachedRead<T>> {
    const running = this.inFlight.get(key);
    if (running) return running;

    const stored = await this.lookup(key);
    if (stored && this.recentEnough(stored, opts)) return this.served(stored);
    // While this request awaited the cache, another may have started the read, or finished it.
    const started = this.inFlight.get(key);
    if (started) return started;
    const justRead = this.local.get(key);
    if (justRead && this.recentEnough(justRead, opts))
      return this.served(justRead);

    const read = this.readAndStore(key, stored, load).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, read);
    return read;
  }

  private recentEnough(entry: StoredRead<T>, opts: ReadFreshness): boolean {
    if (
      this.options.immutable &&
      entry.value !== undefined &&
      !entry.failure &&
      entry.freshUntil > this.now()
    )
      return true;
    if (opts.refreshSince !== undefined)
      return (
        entry.attemptedAt >=
        opts.refreshSince -
          (opts.onlyReadsSince ? 0 : this.minRefreshIntervalMs)
      );
    if (entry.failure && entry.failure.until > this.now()) return true;
    return entry.value !== undefined && entry.freshUntil > this.now();
  }

  private async readAndStore(
    key: string,
    previous: StoredRead<T> | undefined,
    load: () => Promise<T>,
  ): Promise<CachedRead<T>> {
    const attemptedAt = this.now();
    let value: T;
    try {
      value = await load();
    } catch (error) {
      return this.failed(key, previous, attemptedAt, reasonOf(error), error);
    }
    const worse =
      previous?.value !== undefined
        ? this.options.worseThan?.(value, previous.value)
        : undefined;
    if (worse) return this.failed(key, previous, attemptedAt, worse);
    const readAt = this.now();
    const partial = this.options.hasFailures?.(value) ?? false;
    const freshMs = partial
      ? Math.min(
          this.options.partialFreshMs ?? this.options.freshMs,
          this.options.freshMs,
        )
      : this.options.freshMs;
    const entry: StoredRead<T> = {
      value,
      startedAt: attemptedAt,
      readAt,
      freshUntil: readAt + freshMs,
      attemptedAt,
    };
    this.remember(key, entry);
    await this.store(key, entry);
    return this.served(entry);
  }

  /** A read that failed: the previous good read, labelled with why, or the error remembered. */
  private async failed(
    key: string,
    previous: StoredRead<T> | undefined,
    attemptedAt: number,
    reason: string,
    error?: unknown,
  ): Promise<CachedRead<T>> {
    const at = this.now();
    const failure = { reason, at, until: at + this.negativeMs };
    const entry: StoredRead<T> =
      previous?.value !== undefined
        ? { ...previous, attemptedAt, failure, error: undefined }
        : {
            startedAt: attemptedAt,
            readAt: at,
            freshUntil: at,
            attemptedAt,
            failure,
            error: serializeError(
              error instanceof Error ? error : new Error(reason),
            ),
          };
    this.options.logger.warn(
      `Reading ${this.options.keyPrefix}${key} failed${
        entry.value !== undefined ? ', serving the previous read' : ''
      }: ${reason}`,
    );
    this.remember(key, entry);
    await this.store(key, entry);
    return this.served(entry);
  }

  private served(entry: StoredRead<T>): CachedRead<T> {
    if (entry.value === undefined) {
      throw rebuildError(
        entry.error ?? { name: 'Error', message: entry.failure?.reason ?? '' },
      );
    }
    const failure =
      entry.failure && entry.failure.at >= entry.readAt
        ? { reason: entry.failure.reason, at: entry.failure.at }
        : undefined;
    return {
      value: entry.value,
      readAt: entry.readAt,
      stale:
        failure !== undefined ||
        this.now() - entry.readAt > this.options.freshMs,
      failure,
    };
  }

  /** The newest of the cache service's entry and this instance's own. */
  private async lookup(key: string): Promise<StoredRead<T> | undefined> {
    let shared: StoredRead<T> | undefined;
    try {
      shared = (await this.options.cache.get(this.options.keyPrefix + key)) as
        | StoredRead<T>
        | undefined;
    } catch (error) {
      this.options.logger.warn(
        `Cache read of ${
          this.options.keyPrefix
        }${key} failed, reading AWS instead: ${String(error)}`,
      );
    }
    const kept = this.local.get(key);
    const own =
      kept && this.now() - kept.readAt <= this.options.keepMs
        ? kept
        : undefined;
    if (!shared || !isStoredRead(shared)) return own;
    if (!own || shared.attemptedAt > own.attemptedAt) return shared;
    return own;
  }

  private async store(key: string, entry: StoredRead<T>): Promise<void> {
    try {
      await this.options.cache.set(
        this.options.keyPrefix + key,
        entry as unknown as JsonValue,
      );
    } catch (error) {
      this.options.logger.warn(
        `Cache write of ${this.options.keyPrefix}${key} failed: ${String(
          error,
        )}`,
      );
    }
  }

  private remember(key: string, entry: StoredRead<T>) {
    this.local.delete(key);
    this.local.set(key, entry);
    if (this.local.size > this.maxLocalEntries) {
      // Maps iterate in insertion order, so the first key is the least recently read.
      const oldest = this.local.keys().next().value;
      if (oldest !== undefined) this.local.delete(oldest);
    }
  }
}

function isStoredRead(value: unknown): value is StoredRead<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { startedAt?: unknown }).startedAt === 'number' &&
    typeof (value as { readAt?: unknown }).readAt === 'number' &&
    typeof (value as { freshUntil?: unknown }).freshUntil === 'number' &&
    typeof (value as { attemptedAt?: unknown }).attemptedAt === 'number'
  );
}
