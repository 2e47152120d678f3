/**
 * EC2 throttles per account and region with one token bucket for all Describe calls. Many
 * checks started at once (a backend refreshing every service, a fleet overview) would burst
 * past it, so reads go through a limiter that caps calls in flight per account and region.
 */
import { EC2Client } from '@aws-sdk/client-ec2';

/** Caps the number of tasks in flight per key (for example per account and region); the rest queue in order. */
export class ConcurrencyLimiter {
  readonly #maxInFlight: number;
  readonly #inFlight = new Map<string, number>();
  readonly #waiting = new Map<string, Array<() => void>>();

  /** @param maxInFlight - the most tasks running at once under one key (at least 1). */
  constructor(maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError(
        `maxInFlight must be a positive integer, got ${maxInFlight}`,
      );
    }
    this.#maxInFlight = maxInFlight;
  }

  /** The most tasks in flight per key. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /** Tasks running now under the key. */
  inFlight(key: string): number {
    return this.#inFlight.get(key) ?? 0;
  }

  /** Runs the task when a slot under the key is free; resolves or rejects with the task. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.#acquire(key);
    try {
      return await task();
    } finally {
      this.#release(key);
    }
  }

  #acquire(key: string): Promise<void> {
    const running = this.inFlight(key);
    if (running < this.#maxInFlight) {
      this.#inFlight.set(key, running + 1);
      return Promise.resolve();
    }
    return new Promise(resolve => {
      const queue = this.#waiting.get(key) ?? [];
      queue.push(resolve);
      this.#waiting.set(key, queue);
    });
  }

  #release(key: string): void {
    const queue = this.#waiting.get(key);
    const next = queue?.shift();
    if (next) {
      // The slot passes straight to the next waiter; the count stays the same.
      if (queue!.length === 0) this.#waiting.delete(key);
      next();
      return;
    }
    const running = this.inFlight(key) - 1;
    if (running > 0) this.#inFlight.set(key, running);
    else this.#inFlight.delete(key);
  }
}

/** A limiter allowing `max` calls in flight per key. */
export function createLimiter(max: number): ConcurrencyLimiter {
  return new ConcurrencyLimiter(max);
}

/**
 * The limiter reads use when the caller passes none: one per process, so that independent
 * checks in one backend still share the account's throttle bucket politely.
 */
export const defaultLimiter = createLimiter(8);

/** The limiter key for an account and region; `default` stands for the credentials' own account. */
export function limiterKey(region: string, accountId?: string): string {
  return `${accountId ?? 'default'}/${region}`;
}

/**
 * An EC2 client whose every `send` (every page of a paginator too) waits for a limiter slot.
 * It inherits from the real client because the SDK paginators insist on `instanceof EC2Client`.
 */
export function limitedEc2Client(
  ec2: EC2Client,
  limiter: ConcurrencyLimiter,
  key: string,
): EC2Client {
  const limited = Object.create(ec2) as EC2Client;
  const send = ec2.send.bind(ec2) as (...args: unknown[]) => Promise<unknown>;
  Object.defineProperty(limited, 'send', {
    value: (...args: unknown[]) => limiter.run(key, () => send(...args)),
  });
  return limited;
}
