/** A token bucket: `burst` calls at once, refilled at `refillPerSecond`. */
export interface ThrottleOptions {
  burst: number;
  refillPerSecond: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * EC2-style request throttling: one bucket per service, account and region. A call takes a
 * token; with none left it is refused at once (the caller answers RequestLimitExceeded), as
 * EC2 does, rather than queued.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes a token from the bucket for `key`; false when it is empty. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? {
      tokens: this.options.burst,
      updatedAt: now,
    };
    const refilled =
      ((now - bucket.updatedAt) / 1000) * this.options.refillPerSecond;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + refilled);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
