import { mockServices } from '@backstage/backend-test-utils';
import { SharedReadCache } from './SharedReadCache';

interface Snapshot {
  n: number;
  failures: Array<{ part: string }>;
}

function setup(options?: {
  cache?: ReturnType<typeof mockServices.cache.mock>;
}) {
  let clock = 1_000_000;
  const logger = mockServices.logger.mock();
  let reads = 0;
  const next: Snapshot[] = [];
  const load = jest.fn(async () => {
    reads += 1;
    await new Promise(resolve => setTimeout(resolve, 5));
    return next.shift() ?? { n: reads, failures: [] };
  });
  const cache = new SharedReadCache<Snapshot>({
    cache: options?.cache ?? mockServices.cache.mock({}),
    keyPrefix: 'vpc:',
    freshMs: 60_000,
    partialFreshMs: 10_000,
    keepMs: 3_600_000,
    logger,
    hasFailures: s => s.failures.length > 0,
    minRefreshIntervalMs: 0,
    worseThan: (a, b) =>
      a.failures.some(f => !b.failures.some(p => p.part === f.part))
        ? `new failures: ${a.failures.map(f => f.part).join(', ')}`
        : undefined,
    now: () => clock,
  });
  return {
    cache,
    load,
    logger,
    next,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

/** A cache service mock backed by a map, like the memory store. */
function mapCache() {
  const store = new Map<string, unknown>();
  const mock = mockServices.cache.mock({
    get: jest.fn(async (key: string) => store.get(key)) as any,
    set: jest.fn(async (key: string, value: unknown) => {
      store.set(key, value);
    }) as any,
  });
  return { mock, store };
}

describe('SharedReadCache', () => {
  it("answers a sweep's refresh only with reads started in the sweep, not one a few seconds older", async () => {
    let clock = 1_000_000;
    let reads = 0;
    const cache = new SharedReadCache<Snapshot>({
      cache: mockServices.cache.mock({}),
      keyPrefix: 'vpc:',
      freshMs: 60_000,
      keepMs: 3_600_000,
      logger: mockServices.logger.mock(),
      minRefreshIntervalMs: 15_000,
      now: () => clock,
    });
    const load = async () => ({ n: ++reads, failures: [] });
    await cache.get('vpc-1', {}, load);
    clock += 5_000;
    const sweepStartedAt = clock;

    // A user's refresh 5 s after a read is answered by it (the minimum refresh interval)...
    expect(
      (await cache.get('vpc-1', { refreshSince: sweepStartedAt }, load)).value
        .n,
    ).toBe(1);
    // ...a sweep's is not: it reads again, and its own read then answers the rest of it.
    const sweep = { refreshSince: sweepStartedAt, onlyReadsSince: true };
    expect((await cache.get('vpc-1', sweep, load)).value.n).toBe(2);
    clock += 1_000;
    expect((await cache.get('vpc-1', sweep, load)).value.n).toBe(2);
    expect(reads).toBe(2);
  });

  it('makes one read for many concurrent requests of the same key', async () => {
    const { mock } = mapCache();
    const { cache, load } = setup({ cache: mock });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        cache.get('111111111111:eu-west-1:vpc-1', {}, load),
      ),
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(results.map(r => r.value.n))).toEqual(new Set([1]));
    expect(mock.set).toHaveBeenCalledWith(
      'vpc:111111111111:eu-west-1:vpc-1',
      expect.objectContaining({ value: { n: 1, failures: [] } }),
    );
  });

  it('serves from the cache until the TTL passes, then reads again', async () => {
    const { mock } = mapCache();
    const { cache, load, advance } = setup({ cache: mock });
    await cache.get('k', {}, load);
    advance(59_000);
    expect((await cache.get('k', {}, load)).value.n).toBe(1);
    advance(2_000);
    expect((await cache.get('k', {}, load)).value.n).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('re-reads on refresh, once for concurrent refreshes', async () => {
    const { mock } = mapCache();
    const { cache, load, advance, now } = setup({ cache: mock });
    await cache.get('k', {}, load);
    advance(1_000);
    const refreshed = await Promise.all(
      Array.from({ length: 10 }, () =>
        cache.get('k', { refreshSince: now() }, load),
      ),
    );
    expect(load).toHaveBeenCalledTimes(2);
    expect(refreshed.every(r => r.value.n === 2 && !r.stale)).toBe(true);
  });

  it('answers a refresh with a read that started after it was asked for', async () => {
    const { cache, load, advance, now } = setup({ cache: mapCache().mock });
    await cache.get('k', {}, load);
    advance(1_000);
    const askedAt = now();
    // Another refresh's read starts and ends while this request is busy elsewhere.
    await cache.get('k', { refreshSince: askedAt }, load);
    advance(1_000);
    expect(
      (await cache.get('k', { refreshSince: askedAt }, load)).value.n,
    ).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
    expect((await cache.get('k', { refreshSince: now() }, load)).value.n).toBe(
      3,
    );
  });

  it('treats a failing cache as a miss and still answers', async () => {
    const broken = mockServices.cache.mock({
      get: jest.fn().mockRejectedValue(new Error('redis down')),
      set: jest.fn().mockRejectedValue(new Error('redis down')),
    });
    const { cache, load, logger } = setup({ cache: broken });
    const first = await cache.get('k', {}, load);
    expect(first.value.n).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Cache read of vpc:k failed/),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Cache write of vpc:k failed/),
    );
  });

  it('serves the previous read, labelled stale, when a refresh reads less than it', async () => {
    const { mock } = mapCache();
    const { cache, load, next, advance } = setup({ cache: mock });
    await cache.get('k', {}, load);
    advance(120_000);
    next.push({ n: 99, failures: [{ part: 'routeTables' }] });
    const served = await cache.get('k', {}, load);
    expect(served.value.n).toBe(1);
    expect(served.stale).toBe(true);
    expect(served.readAt).toBe(1_000_000);
  });

  it('serves the previous read when the refresh throws, and rethrows without one', async () => {
    const { cache, advance } = setup({ cache: mapCache().mock });
    await cache.get('k', {}, async () => ({ n: 1, failures: [] }));
    advance(120_000);
    const failing = async (): Promise<Snapshot> => {
      throw new Error('socket hang up');
    };
    await expect(cache.get('k', {}, failing)).resolves.toMatchObject({
      stale: true,
      value: { n: 1 },
    });
    await expect(cache.get('other', {}, failing)).rejects.toThrow(
      'socket hang up',
    );
  });

  it('retries a read that listed failures sooner than a complete one', async () => {
    const { cache, load, next, advance } = setup({ cache: mapCache().mock });
    next.push({ n: 1, failures: [{ part: 'securityGroups' }] });
    await cache.get('k', {}, load);
    advance(11_000);
    expect((await cache.get('k', {}, load)).value).toEqual({
      n: 2,
      failures: [],
    });
  });
});
