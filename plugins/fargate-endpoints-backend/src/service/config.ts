import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { RequestRate } from '@fargate-endpoints/plugin-fargate-endpoints-node';

/**
 * Default EC2 pacing per account and region: 90% of EC2's default bucket for Describe calls
 * (100 at once, 20 per second), so the plugin alone never reaches it.
 */
export const DEFAULT_EC2_REQUEST_RATE: RequestRate = {
  requestsPerSecond: 18,
  burst: 90,
};
/** Default ECS pacing per account and region: ECS's read buckets are larger than EC2's. */
export const DEFAULT_ECS_REQUEST_RATE: RequestRate = {
  requestsPerSecond: 80,
  burst: 160,
};

/** The plugin's settings, read once from `fargateEndpoints.*` and `aws.*`. */
export interface FargateEndpointsSettings {
  /** How long a VPC snapshot stays fresh, in milliseconds. */
  vpcTtlMs: number;
  /** How long an ECS service read stays fresh, in milliseconds. */
  ecsServiceTtlMs: number;
  /** How long stale data is kept to be served when a refresh fails, in milliseconds. */
  staleTtlMs: number;
  /** Timeout of one AWS request, in milliseconds. */
  requestTimeoutMs: number;
  /** Attempts per AWS request. */
  maxAttempts: number;
  /** Base of the jittered backoff between attempts; undefined: the SDK's own (longer after throttling). */
  retryBaseDelayMs?: number;
  /** Client-side pacing of EC2 calls per account and region. */
  ec2RequestRate: RequestRate;
  /** Client-side pacing of ECS calls per account and region. */
  ecsRequestRate: RequestRate;
  /** Concurrent AWS reads per account and region. */
  maxConcurrentReadsPerRegion: number;
  /** Concurrent service checks in the overview. */
  overviewConcurrency: number;
  /** Accounts that may be read: `aws.accounts[].accountId` plus `fargateEndpoints.allowedAccountIds`. */
  allowedAccountIds: Set<string>;
  /** Accounts with their own entry in `aws.accounts`. */
  integrationAccountIds: Set<string>;
  /** True when `aws.accountDefaults.roleName` is set, so any allowed account can be assumed into. */
  hasAccountDefaultsRole: boolean;
}

/**
 * Services the overview checks at once. The pacing, not this number, keeps AWS calls under the
 * throttle; it only has to keep enough VPC reads queued in every region for the pacing to be
 * the limit (ten VPCs of ten services each).
 */
export const DEFAULT_OVERVIEW_CONCURRENCY = 100;

const ACCOUNT_ID = /^\d{12}$/;

/** Reads the plugin's settings; throws on malformed values so a bad config fails at startup. */
export function readFargateEndpointsSettings(
  config: Config,
): FargateEndpointsSettings {
  const own = config.getOptionalConfig('fargateEndpoints');
  const integrationAccountIds = new Set(
    (config.getOptionalConfigArray('aws.accounts') ?? []).map(a =>
      a.getString('accountId'),
    ),
  );
  const allowed = new Set(integrationAccountIds);
  for (const id of own?.getOptionalStringArray('allowedAccountIds') ?? []) {
    if (!ACCOUNT_ID.test(id)) {
      throw new Error(
        `fargateEndpoints.allowedAccountIds: "${id}" is not a 12-digit AWS account id`,
      );
    }
    allowed.add(id);
  }
  const vpcTtlMs = readDurationMs(own, 'cache.ttl', 5 * 60_000);
  return {
    vpcTtlMs,
    ecsServiceTtlMs: readDurationMs(own, 'cache.ecsServiceTtl', 60_000),
    staleTtlMs: Math.max(
      readDurationMs(own, 'cache.staleTtl', 60 * 60_000),
      vpcTtlMs,
    ),
    requestTimeoutMs: readDurationMs(own, 'requestTimeout', 10_000),
    maxAttempts: readPositiveInt(own, 'maxAttempts', 3),
    retryBaseDelayMs: own?.has('aws.retryBaseDelay')
      ? readDurationMs(own, 'aws.retryBaseDelay', 0)
      : undefined,
    ec2RequestRate: readRequestRate(
      own,
      'aws.ec2RequestRate',
      DEFAULT_EC2_REQUEST_RATE,
    ),
    ecsRequestRate: readRequestRate(
      own,
      'aws.ecsRequestRate',
      DEFAULT_ECS_REQUEST_RATE,
    ),
    maxConcurrentReadsPerRegion: readPositiveInt(
      own,
      'maxConcurrentReadsPerRegion',
      4,
    ),
    overviewConcurrency: readPositiveInt(
      own,
      'overview.maxConcurrentChecks',
      DEFAULT_OVERVIEW_CONCURRENCY,
    ),
    allowedAccountIds: allowed,
    integrationAccountIds,
    hasAccountDefaultsRole: Boolean(
      config.getOptionalString('aws.accountDefaults.roleName'),
    ),
  };
}

/** A duration given as seconds, a `ms`/ISO string, or a HumanDuration object. */
function readDurationMs(
  config: Config | undefined,
  key: string,
  defaultMs: number,
): number {
  if (!config?.has(key)) return defaultMs;
  const seconds = config.getOptional(key);
  const ms =
    typeof seconds === 'number'
      ? seconds * 1000
      : durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new Error(`fargateEndpoints.${key} must be a positive duration`);
  }
  return ms;
}

function readPositiveInt(
  config: Config | undefined,
  key: string,
  defaultValue: number,
): number {
  const value = config?.getOptionalNumber(key) ?? defaultValue;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`fargateEndpoints.${key} must be a positive whole number`);
  }
  return value;
}

/** A request rate: `{ requestsPerSecond, burst }`, both positive; burst defaults to 5 seconds' worth. */
function readRequestRate(
  config: Config | undefined,
  key: string,
  defaultRate: RequestRate,
): RequestRate {
  const rate = config?.getOptionalConfig(key);
  if (!rate) return defaultRate;
  const requestsPerSecond = rate.getNumber('requestsPerSecond');
  const burst =
    rate.getOptionalNumber('burst') ?? Math.ceil(requestsPerSecond * 5);
  if (!(requestsPerSecond > 0) || !(burst >= 1)) {
    throw new Error(
      `fargateEndpoints.${key} needs requestsPerSecond > 0 and burst >= 1`,
    );
  }
  return { requestsPerSecond, burst };
}
