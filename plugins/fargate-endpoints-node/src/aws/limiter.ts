/**
 * AWS throttles per account, region and action group (EC2 Describe*, ECS DescribeServices,
 * ECS tasks, ECS task definitions...: see actionGroups.ts). Many
 * checks started at once (a backend refreshing every service, a fleet overview) would burst
 * past it, so reads go through a limiter that caps calls in flight per account and region,
 * and, when a rate is given, a pacer that spends tokens from a bucket like AWS's own before
 * each attempt: waiting here costs nothing, while a throttled call costs a retry and backoff.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  MiddlewareStack,
} from '@smithy/types';
import {
  actionGroupOf,
  type AwsActionGroup,
  type PacedAwsService,
  type RequestRate,
} from './actionGroups';

/**
 * Caps the number of tasks in flight per key (for example per account and region); the rest queue in order.
 *
 * @public
 */
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

/**
 * A limiter allowing `max` calls in flight per key.
 *
 * @public
 */
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

interface PacerBucket {
  /** Tokens now; negative when callers wait for tokens already promised to them. */
  tokens: number;
  updatedAt: number;
}

/**
 * A client-side token bucket per key (per account and region): `take` resolves at once while
 * tokens last and otherwise waits its turn, first come first served, so a burst of reads is
 * spread at the sustained rate instead of being refused by AWS and retried.
 *
 * @public
 */
export class RequestPacer {
  readonly #rate: RequestRate;
  readonly #now: () => number;
  readonly #buckets = new Map<string, PacerBucket>();

  /** @param rate - tokens per second and bucket size (both positive). */
  constructor(rate: RequestRate, now: () => number = () => performance.now()) {
    if (!(rate.requestsPerSecond > 0) || !(rate.burst >= 1)) {
      throw new RangeError(
        `a request rate needs requestsPerSecond > 0 and burst >= 1, got ${rate.requestsPerSecond}/s burst ${rate.burst}`,
      );
    }
    this.#rate = rate;
    this.#now = now;
  }

  /** The rate this pacer keeps per key. */
  get rate(): RequestRate {
    return this.#rate;
  }

  /** Milliseconds the next `take` under the key would wait (0 while tokens last). */
  delayMs(key: string): number {
    const tokens = this.#refilled(key, this.#now()).tokens;
    return tokens >= 1
      ? 0
      : ((1 - tokens) / this.#rate.requestsPerSecond) * 1000;
  }

  /** Takes a token under the key, waiting for one when the bucket is empty. */
  take(key: string): Promise<void> {
    const bucket = this.#refilled(key, this.#now());
    bucket.tokens -= 1;
    if (bucket.tokens >= 0) return Promise.resolve();
    // A negative balance is a queue: the n-th waiter gets the n-th token to come.
    const waitMs = (-bucket.tokens / this.#rate.requestsPerSecond) * 1000;
    return new Promise(resolve => setTimeout(resolve, Math.ceil(waitMs)));
  }

  #refilled(key: string, now: number): PacerBucket {
    const bucket = this.#buckets.get(key) ?? {
      tokens: this.#rate.burst,
      updatedAt: now,
    };
    bucket.tokens = Math.min(
      this.#rate.burst,
      bucket.tokens +
        ((now - bucket.updatedAt) / 1000) * this.#rate.requestsPerSecond,
    );
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    return bucket;
  }
}

/** A pacer keeping `rate` per key (per account and region). */
export function createRequestPacer(rate: RequestRate): RequestPacer {
  return new RequestPacer(rate);
}

/**
 * One client-side bucket per key (account and region) and action group, each group at its
 * own rate, the way AWS throttles: DescribeServices waiting for tokens never holds up a
 * DescribeTaskDefinition, and no group is paced faster than its own AWS bucket refills.
 *
 * @public
 */
export class ActionGroupPacer {
  readonly #pacers = new Map<AwsActionGroup, RequestPacer>();

  /** @param rates - the rate of every action group (each positive). */
  constructor(
    readonly rates: Readonly<Record<AwsActionGroup, RequestRate>>,
    now?: () => number,
  ) {
    for (const [group, rate] of Object.entries(rates))
      this.#pacers.set(group as AwsActionGroup, new RequestPacer(rate, now));
  }

  /** The pacer of one group. */
  pacer(group: AwsActionGroup): RequestPacer {
    const pacer = this.#pacers.get(group);
    if (!pacer) throw new RangeError(`no request rate for ${group}`);
    return pacer;
  }

  /** Takes a token from the group's bucket under the key, waiting for one when empty. */
  take(key: string, group: AwsActionGroup): Promise<void> {
    return this.pacer(group).take(key);
  }
}

/**
 * A pacer with one bucket per key and action group, at these rates.
 *
 * @public
 */
export function createActionGroupPacer(
  rates: Readonly<Record<AwsActionGroup, RequestRate>>,
): ActionGroupPacer {
  return new ActionGroupPacer(rates);
}

/**
 * The smallest slice of an SDK client that pacing needs: its middleware stack.
 *
 * @public
 */
export interface PaceableClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  middlewareStack: Pick<MiddlewareStack<any, any>, 'addRelativeTo'>;
}

/**
 * Makes every attempt of the client's calls (retries included, and every page of a paginator)
 * take a token from the pacer under the key first: from the call's action group bucket when
 * the pacer keeps one per group (`service` says whose groups), else from the one bucket. The
 * step sits right after the SDK's retry step, so a retried attempt is paced like a first one
 * (it spends a token at AWS too).
 */
export function paceClientAttempts(
  client: PaceableClient,
  pacer: ActionGroupPacer,
  key: string,
  service: PacedAwsService,
): void {
  client.middlewareStack.addRelativeTo(
    (
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        next: FinalizeHandler<any, any>,
        context: HandlerExecutionContext,
      ) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async (args: FinalizeHandlerArguments<any>) => {
        const group = actionGroupOf(
          service,
          context.commandName ?? '',
          args.input as Record<string, unknown> | undefined,
        );
        await pacer.take(key, group);
        return next(args);
      },
    {
      relation: 'after',
      toMiddleware: 'retryMiddleware',
      name: 'fargateEndpointsPacing',
    },
  );
}
