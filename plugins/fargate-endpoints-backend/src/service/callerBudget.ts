import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';

/** Too many fresh AWS reads asked for by one caller: HTTP 429, with when to try again. */
export class TooManyFreshReadsError extends CustomErrorBase {
  override name = 'TooManyFreshReadsError';
  /** The HTTP status Backstage's error handler answers with. */
  readonly statusCode = 429;
}

/** Who is asking, for budgets: a user by entity ref, a service by subject. */
export function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return `user:${principal.userEntityRef}`;
  if (principal.type === 'service' && principal.subject)
    return `service:${principal.subject}`;
  return `other:${principal.type ?? 'unknown'}`;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per caller for the requests that make the backend read AWS now rather than
 * answer from what it has (refreshes, checks of explicit inputs): AWS's throttle is one
 * bucket per account and region shared by every caller, so no caller may spend more than a
 * small share of it. Buckets of callers who stopped asking are dropped.
 */
export class CallerBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(
    private readonly rate: { perMinute: number; burst: number },
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Takes one token for the caller, or throws TooManyFreshReadsError naming the limit and the wait. */
  take(credentials: BackstageCredentials, what: string): void {
    const key = callerKey(credentials);
    const now = this.now();
    const perMs = this.rate.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? {
      tokens: this.rate.burst,
      updatedAt: now,
    };
    bucket.tokens = Math.min(
      this.rate.burst,
      bucket.tokens + (now - bucket.updatedAt) * perMs,
    );
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const waitSeconds = Math.ceil((1 - bucket.tokens) / perMs / 1000);
      throw new TooManyFreshReadsError(
        `Too many fresh AWS reads: ${what} is limited to ${this.rate.perMinute} a minute per caller (${this.rate.burst} at once), so that no one spends the accounts' AWS request budget; try again in ${waitSeconds} s, or ask without refresh to get the latest report`,
      );
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    this.forgetIdle(now);
  }

  private forgetIdle(now: number) {
    if (this.buckets.size < 1000) return;
    const fullAfterMs = (this.rate.burst / this.rate.perMinute) * 60_000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt > fullAfterMs) this.buckets.delete(key);
    }
  }
}
