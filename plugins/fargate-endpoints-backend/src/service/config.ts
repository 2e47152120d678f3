import { Config } from '@backstage/config';
import {
  AwsAccessSettings,
  readAwsAccessSettings,
  readDurationMs,
  readPositiveInt,
  DEFAULT_CHECK_DEADLINE_MS,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';

/** The plugin's settings, read once from `fargateEndpoints.*` and `aws.*`. */
export interface FargateEndpointsSettings {
  /** How long a VPC snapshot stays fresh, in milliseconds. */
  vpcTtlMs: number;
  /** How long an ECS service read stays fresh, in milliseconds. */
  ecsServiceTtlMs: number;
  /** How long stale data is kept to be served when a refresh fails, in milliseconds. */
  staleTtlMs: number;
  /** How long a failed read (not found, denied, timed out) is answered from memory, in milliseconds. */
  negativeTtlMs: number;
  /** A refresh within this long of the last read of the same thing is answered by it, in milliseconds. */
  minRefreshIntervalMs: number;
  /** How long one report may take before unread checks are `unknown: timed out`, in milliseconds. */
  reportDeadlineMs: number;
  /** Fresh AWS reads (refreshes, POST /v1/check) one caller may ask for: per minute, and at once. */
  freshReadsPerCaller: { perMinute: number; burst: number };
  /** How the engine reads AWS: accounts, timeouts, retries, pacing. */
  aws: AwsAccessSettings;
  /** Concurrent service checks in the overview. */
  overviewConcurrency: number;
  /** The background sweep of every linked entity. */
  sweep: SweepSettings;
  /** How long history entries are kept, in milliseconds. */
  historyRetentionMs: number;
  /** Notifications to owners when a service breaks and recovers. */
  alerts: AlertSettings;
  /** AWS change events that re-check the services they touch at once. */
  changes: ChangeSettings;
}

/** `fargateEndpoints.changes.*`. */
export interface ChangeSettings {
  /** Default false: only with a queue of CloudTrail events wired to the events service. */
  enabled: boolean;
  /** The events service topic the SQS module publishes the queue's messages on. */
  topic: string;
  /** How long changes gather before one re-check covers them, in milliseconds. */
  gatherMs: number;
}

/** `fargateEndpoints.sweep.*`. */
export interface SweepSettings {
  enabled: boolean;
  /** How often the sweep runs, in milliseconds. */
  frequencyMs: number;
  /** How long after startup the first sweep runs, in milliseconds. */
  initialDelayMs: number;
  /**
   * How long one sweep may hold the lock before another replica may take over, in
   * milliseconds; undefined: sized from the measured sweeps (see sweep/cadence.ts).
   */
  timeoutMs?: number;
}

/** `fargateEndpoints.alerts.*`. */
export interface AlertSettings {
  enabled: boolean;
  /** The least severe finding that makes a service broken: `error` (not ready) or `warning`. */
  severity: 'error' | 'warning';
  /**
   * Tell each owner once what was already broken when the watch began (the first sweep that
   * saw their services): incidents only tell of changes.
   */
  firstSweepDigest: boolean;
  /** How long a service must stay broken before its owner is told, in milliseconds (0: at once). */
  quietPeriodMs: number;
}

/** Reads a duration that may be zero (`0`, `'0s'`, `{ seconds: 0 }`). */
function readDurationOrZeroMs(
  config: Config | undefined,
  key: string,
  defaultMs: number,
): number {
  if (config?.getOptional(key) === 0) return 0;
  if (config?.has(key)) {
    const value = config.getOptional(key);
    if (
      (typeof value === 'string' &&
        /^\s*(0+[a-z]*|PT0+[A-Z])\s*$/i.test(value)) ||
      (typeof value === 'object' &&
        value !== null &&
        Object.values(value).every(v => v === 0))
    )
      return 0;
  }
  return readDurationMs(config, key, defaultMs);
}

/**
 * Services the overview checks at once. The pacing, not this number, keeps AWS calls under the
 * throttle; it only has to keep enough VPC reads queued in every region for the pacing to be
 * the limit (ten VPCs of ten services each).
 */
export const DEFAULT_OVERVIEW_CONCURRENCY = 100;

/** Reads the plugin's settings; throws on malformed values so a bad config fails at startup. */
export function readFargateEndpointsSettings(
  config: Config,
): FargateEndpointsSettings {
  const own = config.getOptionalConfig('fargateEndpoints');
  const vpcTtlMs = readDurationMs(own, 'cache.ttl', 5 * 60_000);
  return {
    vpcTtlMs,
    ecsServiceTtlMs: readDurationMs(own, 'cache.ecsServiceTtl', 60_000),
    staleTtlMs: Math.max(
      readDurationMs(own, 'cache.staleTtl', 60 * 60_000),
      vpcTtlMs,
    ),
    negativeTtlMs: readDurationMs(own, 'cache.negativeTtl', 30_000),
    minRefreshIntervalMs: readDurationMs(
      own,
      'cache.minRefreshInterval',
      15_000,
    ),
    reportDeadlineMs: readDurationMs(
      own,
      'reportDeadline',
      DEFAULT_CHECK_DEADLINE_MS,
    ),
    freshReadsPerCaller: {
      perMinute: readPositiveInt(own, 'limits.freshReadsPerMinute', 10),
      burst: readPositiveInt(own, 'limits.freshReadsBurst', 5),
    },
    aws: readAwsAccessSettings(config),
    overviewConcurrency: readPositiveInt(
      own,
      'overview.maxConcurrentChecks',
      DEFAULT_OVERVIEW_CONCURRENCY,
    ),
    sweep: {
      enabled: own?.getOptionalBoolean('sweep.enabled') ?? true,
      frequencyMs: readDurationMs(own, 'sweep.frequency', 5 * 60_000),
      initialDelayMs: readDurationMs(own, 'sweep.initialDelay', 15_000),
      timeoutMs: own?.has('sweep.timeout')
        ? readDurationMs(own, 'sweep.timeout', 0)
        : undefined,
    },
    historyRetentionMs: readDurationMs(
      own,
      'history.retention',
      30 * 24 * 60 * 60_000,
    ),
    changes: {
      enabled: own?.getOptionalBoolean('changes.enabled') ?? false,
      topic:
        own?.getOptionalString('changes.topic') ??
        'fargate-endpoints-aws-changes',
      gatherMs: readDurationMs(own, 'changes.gather', 2_000),
    },
    alerts: {
      enabled: own?.getOptionalBoolean('alerts.enabled') ?? true,
      severity: readSeverity(own),
      firstSweepDigest:
        own?.getOptionalBoolean('alerts.firstSweepDigest') ?? true,
      quietPeriodMs: readDurationOrZeroMs(own, 'alerts.quietPeriod', 0),
    },
  };
}

function readSeverity(config: Config | undefined): 'error' | 'warning' {
  const value = config?.getOptionalString('alerts.severity') ?? 'error';
  if (value !== 'error' && value !== 'warning') {
    throw new Error(
      `fargateEndpoints.alerts.severity must be 'error' (tell owners when a service is not ready) or 'warning' (also on warnings), not '${value}'`,
    );
  }
  return value;
}
