/**
 * Coalesces look-ups that many requests make at about the same moment into one AWS call:
 * AWS's Describe calls take lists (DescribeServices 10 services of one cluster, DescribeTasks
 * 100 tasks, DescribeSubnets 200 subnet ids), and a fleet sweep asks for them one by one.
 */

/** Options of a {@link CallBatcher}. */
export interface CallBatcherOptions<R> {
  /** Most ids in one call. */
  maxIds: number;
  /** How long a batch stays open for more ids after its first one. */
  windowMs: number;
  /** Makes the call for the ids of one batch, all under one key. */
  call: (key: string, ids: string[]) => Promise<R>;
}

interface Waiter<R> {
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface OpenBatch<R> {
  ids: Set<string>;
  waiters: Array<Waiter<R>>;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Collects ids per key for a short window (or until the batch is full), makes one call for
 * them, and gives every caller the whole answer to pick its own part from. A failed call fails
 * every caller of the batch with the same error, as one call per caller would have.
 */
export class CallBatcher<R> {
  private readonly open = new Map<string, OpenBatch<R>>();
  /** Calls made and not yet answered, per key: a request they already cover joins them. */
  private readonly running = new Map<
    string,
    Array<{ ids: Set<string>; answer: Promise<R> }>
  >();

  constructor(private readonly options: CallBatcherOptions<R>) {}

  /** The answer of the call that includes these ids (at most `maxIds` of them). */
  request(key: string, ids: string[]): Promise<R> {
    const unique = [...new Set(ids)];
    if (unique.length === 0 || unique.length > this.options.maxIds) {
      return this.options.call(key, unique);
    }
    const covering = this.running
      .get(key)
      ?.find(call => unique.every(id => call.ids.has(id)));
    if (covering) return covering.answer;
    let batch = this.open.get(key);
    const added = batch ? unique.filter(id => !batch!.ids.has(id)).length : 0;
    if (batch && batch.ids.size + added > this.options.maxIds) {
      this.flush(key);
      batch = undefined;
    }
    if (!batch) {
      const opened: OpenBatch<R> = { ids: new Set(), waiters: [] };
      opened.timer = setTimeout(() => this.flush(key), this.options.windowMs);
      this.open.set(key, opened);
      batch = opened;
    }
    unique.forEach(id => batch!.ids.add(id));
    const answer = new Promise<R>((resolve, reject) =>
      batch!.waiters.push({ resolve, reject }),
    );
    if (batch.ids.size >= this.options.maxIds) this.flush(key);
    return answer;
  }

  private flush(key: string): void {
    const batch = this.open.get(key);
    if (!batch) return;
    this.open.delete(key);
    if (batch.timer) clearTimeout(batch.timer);
    // A call that throws at once must still answer its waiters, so it runs inside a promise.
    const answer = Promise.resolve(batch.ids).then(ids =>
      this.options.call(key, [...ids]),
    );
    const entry = { ids: batch.ids, answer };
    const calls = this.running.get(key) ?? [];
    calls.push(entry);
    this.running.set(key, calls);
    const settle = () => {
      const left = (this.running.get(key) ?? []).filter(c => c !== entry);
      if (left.length) this.running.set(key, left);
      else this.running.delete(key);
    };
    answer.then(
      result => {
        settle();
        batch.waiters.forEach(w => w.resolve(result));
      },
      error => {
        settle();
        batch.waiters.forEach(w => w.reject(error));
      },
    );
  }
}
