import {
  isCatchUpRun,
  MAX_SWEEP_TIMEOUT_MS,
  MIN_SWEEP_TIMEOUT_MS,
  sweepTimeoutMs,
} from './cadence';

describe('sweepTimeoutMs', () => {
  it('is three times the longest recent sweep', () => {
    expect(sweepTimeoutMs([40_000, 70_000, 55_000])).toBe(210_000);
  });

  it('is the minimum before any sweep was measured, or when sweeps are short', () => {
    expect(sweepTimeoutMs([])).toBe(MIN_SWEEP_TIMEOUT_MS);
    expect(sweepTimeoutMs([3_000])).toBe(MIN_SWEEP_TIMEOUT_MS);
  });

  it('never exceeds the old fixed 15 minutes', () => {
    expect(sweepTimeoutMs([20 * 60_000])).toBe(MAX_SWEEP_TIMEOUT_MS);
  });
});

describe('isCatchUpRun', () => {
  const minute = 60_000;
  const t = 10_000_000;
  const died = { startedAt: t - 3 * minute };
  const takeover = { startedAt: t, finishedAt: t + 4_000, outcome: 'done' };

  it('skips the run that comes seconds after a takeover from a replica that died mid-sweep', () => {
    expect(isCatchUpRun([takeover, died], t + 5_000, minute)).toBe(true);
  });

  it('runs on cadence after a takeover', () => {
    expect(isCatchUpRun([takeover, died], t + minute, minute)).toBe(false);
  });

  it('runs sweeps back to back when none died (a manual run, a sweep that stopped cleanly)', () => {
    const before = {
      startedAt: t - minute,
      finishedAt: t - 50_000,
      outcome: 'done',
    };
    const stopped = { ...before, outcome: 'aborted' };
    expect(isCatchUpRun([takeover, before], t + 5_000, minute)).toBe(false);
    expect(isCatchUpRun([takeover, stopped], t + 5_000, minute)).toBe(false);
    expect(isCatchUpRun([], t, minute)).toBe(false);
    expect(isCatchUpRun([takeover], t + 5_000, minute)).toBe(false);
  });
});
