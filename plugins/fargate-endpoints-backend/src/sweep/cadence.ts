/**
 * When the sweep runs and how long one may hold the scheduler's lock: pure policy, sized from
 * the sweeps the store measured.
 *
 * Backstage's scheduler frees the lock of a replica that died mid-sweep only once the task's
 * timeout has passed (its janitor then clears the claim, once a minute in production), so the
 * timeout is how long the fleet goes unwatched after a crash: it is sized from how long sweeps
 * actually take, not a fixed 15 minutes.
 */

/** The timeout before any sweep was measured, and the least ever used. */
export const MIN_SWEEP_TIMEOUT_MS = 2 * 60_000;
/** The most: what the plugin used before it measured (a sweep longer than this is aborted and resumed). */
export const MAX_SWEEP_TIMEOUT_MS = 15 * 60_000;
/** A sweep may take this many times the longest recent one before it counts as dead. */
const TIMEOUT_PER_MEASURED = 3;

/**
 * How long one sweep may hold the lock when config names no `sweep.timeout`: three times the
 * longest of the recent completed sweeps, at least {@link MIN_SWEEP_TIMEOUT_MS}, at most
 * {@link MAX_SWEEP_TIMEOUT_MS}. A sweep that runs past it is aborted, keeps what it recorded,
 * and the next one goes on.
 */
export function sweepTimeoutMs(recentDurationsMs: number[]): number {
  const longest = Math.max(0, ...recentDurationsMs.filter(Number.isFinite));
  return Math.min(
    MAX_SWEEP_TIMEOUT_MS,
    Math.max(MIN_SWEEP_TIMEOUT_MS, Math.ceil(longest * TIMEOUT_PER_MEASURED)),
  );
}

/** A sweep as the store logs it. */
export interface LoggedSweep {
  startedAt: number;
  finishedAt?: number;
  outcome?: string;
}

/**
 * True for the run the scheduler starts right after a takeover: the last sweep completed, the
 * one before it never finished (its replica died: a replica that stops cleanly logs its end),
 * and the last one started less than half an interval ago. After a takeover the dead claim's
 * next run time is long past, so the scheduler runs once at once and again on release; that
 * second run would sweep nothing new and only spend the accounts' API budget. `recent` is
 * newest first.
 */
export function isCatchUpRun(
  recent: LoggedSweep[],
  now: number,
  frequencyMs: number,
): boolean {
  const [last, before] = recent;
  return (
    last?.outcome === 'done' &&
    before !== undefined &&
    before.finishedAt === undefined &&
    now - last.startedAt < frequencyMs / 2
  );
}
