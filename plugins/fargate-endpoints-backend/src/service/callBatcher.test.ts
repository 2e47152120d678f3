import { CallBatcher } from './callBatcher';

function recordingBatcher(maxIds = 3, fail?: (ids: string[]) => boolean) {
  const calls: Array<{ key: string; ids: string[] }> = [];
  const batcher = new CallBatcher<string[]>({
    maxIds,
    windowMs: 5,
    call: async (key, ids) => {
      calls.push({ key, ids });
      if (fail?.(ids)) throw new Error(`RequestLimitExceeded for ${ids}`);
      return ids;
    },
  });
  return { batcher, calls };
}

describe('CallBatcher', () => {
  it('answers look-ups made at the same moment with one call per key', async () => {
    const { batcher, calls } = recordingBatcher();
    const answers = await Promise.all([
      batcher.request('shop', ['a']),
      batcher.request('shop', ['b', 'a']),
      batcher.request('reporting', ['x']),
    ]);
    expect(calls).toEqual([
      { key: 'shop', ids: ['a', 'b'] },
      { key: 'reporting', ids: ['x'] },
    ]);
    expect(answers).toEqual([['a', 'b'], ['a', 'b'], ['x']]);
  });

  it('sends a full batch at once and starts another for the overflow', async () => {
    const { batcher, calls } = recordingBatcher(2);
    const first = batcher.request('shop', ['a']);
    const second = batcher.request('shop', ['b']);
    expect(calls).toEqual([]);
    await Promise.resolve();
    expect(calls).toEqual([{ key: 'shop', ids: ['a', 'b'] }]);
    const third = await batcher.request('shop', ['c']);
    await expect(first).resolves.toEqual(['a', 'b']);
    await expect(second).resolves.toEqual(['a', 'b']);
    expect(third).toEqual(['c']);
    expect(calls).toHaveLength(2);
  });

  it('fails every caller of a failed call, and only them', async () => {
    const { batcher } = recordingBatcher(2, ids => ids.includes('bad'));
    const results = await Promise.allSettled([
      batcher.request('shop', ['bad']),
      batcher.request('shop', ['a']),
      batcher.request('shop', ['b']),
    ]);
    expect(results.map(r => r.status)).toEqual([
      'rejected',
      'rejected',
      'fulfilled',
    ]);
  });

  it('makes a call of its own for more ids than one call takes', async () => {
    const { batcher, calls } = recordingBatcher(2);
    await batcher.request('shop', ['a', 'b', 'c']);
    expect(calls).toEqual([{ key: 'shop', ids: ['a', 'b', 'c'] }]);
  });
});
