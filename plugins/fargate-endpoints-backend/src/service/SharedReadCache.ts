import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/** A value read from AWS, with when it was read. */
export interface CachedRead<T> {
  value: T;
  /** Epoch milliseconds of the AWS read. */
  readAt: number;
  /** True when the value is past its freshness window (served because a refresh failed). */
  stale: boolean;
}

/** What is stored, in the cache service and in this instance's memory. */
interface StoredRead<T> {
  value: T;
  /** When the read started: a refresh asked for before then is answered by it. */
  startedAt: number;
  readAt: number;
  freshUntil: number;
}

/** How recent a read must be. */
export interface ReadFreshness {
  /**
   * Epoch milliseconds when the caller asked to refresh: only a read started then or later
   * will do (one in flight is joined either way). Without it, any read within its TTL will do.
   */
  refreshSince?: number;
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
  logger: LoggerService;
  /** True when the value lists parts it could not read. */
  hasFailures?: (value: T) => boolean;
  /** True when a new read is worse than the previous one (it failed where the previous one read). */
  isWorseThan?: (next: T, previous: T) => boolean;
  /** How long a read may be served at all (stale ones included); the cache service's TTL. */
  keepMs: number;
  /** Reads that this instance keeps in memory besides the cache service (oldest dropped first). */
  maxLocalEntries?: number;
  now?: () => number;
}

/**
 * Reads through the cache service with one in-flight AWS read per key: concurrent requests
 * for the same VPC share one read, refreshes included. A cache failure is a logged miss.
 * When a refresh reads less than the previous read did (throttled, timed out), the previous
 * value is served instead, labelled stale once past its freshness window.
 */
export class SharedReadCache<T> {
  private readonly inFlight = new Map<string, Promise<CachedRead<T>>>();
  /** This instance's latest reads: they close the gap while the cache service write settles. */
  private readonly local = new Map<string, StoredRead<T>>();
  private readonly now: () => number;
  private readonly maxLocalEntries: number;

  constructor(private readonly options: SharedReadCacheOptions<T>) {
    this.now = options.now ?? Date.now;
    this.maxLocalEntries = options.maxLocalEntries ?? 500;
  }

  /**
   * The value for the key: a stored read when recent enough, the read in flight if there is
   * one, otherwise a new read by `load`, shared with every request that comes meanwhile.
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
    if (opts.refreshSince !== undefined)
      return entry.startedAt >= opts.refreshSince;
    return entry.freshUntil > this.now();
  }

  private async readAndStore(
    key: string,
    previous: StoredRead<T> | undefined,
    load: () => Promise<T>,
  ): Promise<CachedRead<T>> {
    const startedAt = this.now();
    let value: T;
    try {
      value = await load();
    } catch (error) {
      if (!previous) throw error;
      this.options.logger.warn(
        `Refreshing ${
          this.options.keyPrefix
        }${key} failed, serving the previous read: ${String(error)}`,
      );
      return this.served(previous);
    }
    if (previous && this.options.isWorseThan?.(value, previous.value)) {
      this.options.logger.warn(
        `Refreshing ${this.options.keyPrefix}${key} read less than before, serving the previous read`,
      );
      return this.served(previous);
    }
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
      startedAt,
      readAt,
      freshUntil: readAt + freshMs,
    };
    this.remember(key, entry);
    await this.store(key, entry);
    return { value, readAt, stale: false };
  }

  private served(entry: StoredRead<T>): CachedRead<T> {
    return {
      value: entry.value,
      readAt: entry.readAt,
      stale: this.now() - entry.readAt > this.options.freshMs,
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
    if (!own || shared.readAt > own.readAt) return shared;
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
    'value' in value &&
    typeof (value as { startedAt?: unknown }).startedAt === 'number' &&
    typeof (value as { readAt?: unknown }).readAt === 'number' &&
    typeof (value as { freshUntil?: unknown }).freshUntil === 'number'
  );
}
