import { mapGroupsWithConcurrency } from './overview';

/** A map whose calls stay in flight until released, recording what started together. */
function controlledMap() {
  const pending = new Map<string, () => void>();
  const started: string[][] = [[]];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    map: (item: string) =>
      new Promise<string>(resolve => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        started[started.length - 1].push(item);
        pending.set(item, () => {
          inFlight -= 1;
          resolve(item.toUpperCase());
        });
      }),
    /** Finishes the given items, then lets the pool start what it now has room for. */
    async release(...items: string[]) {
      started.push([]);
      for (const item of items) pending.get(item)!();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    started,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

describe('mapGroupsWithConcurrency', () => {
  it("starts a cluster's services together, only when there is room for all of them, and keeps the order", async () => {
    const c = controlledMap();
    const done = mapGroupsWithConcurrency(
      [
        ['a1', 'a2', 'a3'],
        ['b1', 'b2'],
        ['c1', 'c2', 'c3'],
      ],
      5,
      c.map,
    );
    await Promise.resolve();
    // a and b fill 5 slots; c (3) waits for room for all three.
    expect(c.started[0]).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    await c.release('a1', 'a2');
    expect(c.started[1]).toEqual([]);
    await c.release('a3');
    expect(c.started[2]).toEqual(['c1', 'c2', 'c3']);
    await c.release('b1', 'b2', 'c1', 'c2', 'c3');
    await expect(done).resolves.toEqual([
      'A1',
      'A2',
      'A3',
      'B1',
      'B2',
      'C1',
      'C2',
      'C3',
    ]);
    expect(c.maxInFlight).toBe(5);
  });

  it('runs a group larger than the limit in slices, never more than the limit at once', async () => {
    const c = controlledMap();
    const items = Array.from({ length: 7 }, (_, i) => `x${i}`);
    const done = mapGroupsWithConcurrency([items], 3, c.map);
    await Promise.resolve();
    expect(c.started[0]).toEqual(['x0', 'x1', 'x2']);
    await c.release('x0', 'x1', 'x2');
    await c.release('x3', 'x4', 'x5');
    await c.release('x6');
    await expect(done).resolves.toEqual(items.map(i => i.toUpperCase()));
    expect(c.maxInFlight).toBe(3);
  });

  it('answers an empty list at once and passes a failure on', async () => {
    await expect(
      mapGroupsWithConcurrency([], 4, async x => x),
    ).resolves.toEqual([]);
    await expect(
      mapGroupsWithConcurrency([['ok', 'bad']], 4, async x => {
        if (x === 'bad') throw new Error('AccessDenied');
        return x;
      }),
    ).rejects.toThrow('AccessDenied');
  });
});
