/**
 * How the engine may read AWS, from config: which accounts, with what timeouts, retries and
 * pacing. The backend plugin and the scaffolder module read the same keys, so an account
 * the portal may not read cannot be read through a template either.
 */
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { validateAccountId } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { AWS_ACTION_GROUPS, type AwsActionGroup } from '../aws/actionGroups';
import type { RequestRate } from '../aws/actionGroups';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_RATES,
  DEFAULT_MAX_CONCURRENT_READS_PER_REGION,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../defaults';

/**
 * The AWS access settings, read once from `fargateEndpoints.*` and `aws.*`.
 *
 * @public
 */
export interface AwsAccessSettings {
  /** Accounts that may be read: `aws.accounts[].accountId` plus `fargateEndpoints.allowedAccountIds`. */
  allowedAccountIds: Set<string>;
  /** Accounts with their own entry in `aws.accounts`. */
  integrationAccountIds: Set<string>;
  /** True when `aws.accountDefaults.roleName` is set, so any allowed account can be assumed into. */
  hasAccountDefaultsRole: boolean;
  /** Timeout of one AWS request, in milliseconds. */
  requestTimeoutMs: number;
  /** Attempts per AWS request. */
  maxAttempts: number;
  /** Base of the jittered backoff between attempts; undefined: the SDK's own (longer after throttling). */
  retryBaseDelayMs?: number;
  /** Client-side pacing per account, region and action group. */
  requestRates: Record<AwsActionGroup, RequestRate>;
  /** Concurrent EC2 reads per account and region. */
  maxConcurrentReadsPerRegion: number;
  /**
   * The shared-services account whose VPC holds shared endpoints (`fargateEndpoints.hub.accountId`):
   * zones it owns are read, and its endpoints verified, with its credentials.
   */
  hubAccountId?: string;
}

/**
 * A duration given as seconds, a `ms`/ISO string, or a HumanDuration object.
 *
 * @public
 */
export function readDurationMs(
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

/**
 * A positive whole number, or the default.
 *
 * @public
 */
export function readPositiveInt(
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

/**
 * The pacing of every action group: `aws.requestRates.<group>` where given; otherwise the
 * older `aws.ec2RequestRate` (for EC2 Describe*) and `aws.ecsRequestRate` (for each ECS
 * group, each its own bucket) where given; otherwise the defaults, below AWS's buckets.
 */
function readRequestRates(
  own: Config | undefined,
): Record<AwsActionGroup, RequestRate> {
  const rates = { ...DEFAULT_REQUEST_RATES };
  if (own?.has('aws.ec2RequestRate')) {
    rates['ec2-describe'] = readRequestRate(
      own,
      'aws.ec2RequestRate',
      rates['ec2-describe'],
    );
  }
  if (own?.has('aws.ecsRequestRate')) {
    for (const group of AWS_ACTION_GROUPS.filter(g => g.startsWith('ecs-')))
      rates[group] = readRequestRate(own, 'aws.ecsRequestRate', rates[group]);
  }
  const named = own?.getOptionalConfig('aws.requestRates');
  for (const key of named?.keys() ?? []) {
    if (!(AWS_ACTION_GROUPS as readonly string[]).includes(key)) {
      throw new Error(
        `fargateEndpoints.aws.requestRates.${key} is not an action group; use one of ${AWS_ACTION_GROUPS.join(
          ', ',
        )}`,
      );
    }
    rates[key as AwsActionGroup] = readRequestRate(
      own,
      `aws.requestRates.${key}`,
      rates[key as AwsActionGroup],
    );
  }
  return rates;
}

/**
 * Reads the AWS access settings; throws on malformed values so a bad config fails at startup.
 *
 * @public
 */
export function readAwsAccessSettings(config: Config): AwsAccessSettings {
  const own = config.getOptionalConfig('fargateEndpoints');
  const integrationAccountIds = new Set(
    (config.getOptionalConfigArray('aws.accounts') ?? []).map(a =>
      a.getString('accountId'),
    ),
  );
  const allowed = new Set(integrationAccountIds);
  for (const id of own?.getOptionalStringArray('allowedAccountIds') ?? []) {
    const problem = validateAccountId(id);
    if (problem)
      throw new Error(`fargateEndpoints.allowedAccountIds: ${problem}`);
    allowed.add(id);
  }
  const hubAccountId = own?.getOptionalString('hub.accountId');
  if (hubAccountId !== undefined) {
    const problem = validateAccountId(hubAccountId);
    if (problem) throw new Error(`fargateEndpoints.hub.accountId: ${problem}`);
    if (!allowed.has(hubAccountId)) {
      throw new Error(
        `fargateEndpoints.hub.accountId: ${hubAccountId} is not an account this Backstage may read; add it to aws.accounts (with its credentials or role) or to fargateEndpoints.allowedAccountIds`,
      );
    }
  }
  return {
    hubAccountId,
    allowedAccountIds: allowed,
    integrationAccountIds,
    hasAccountDefaultsRole: Boolean(
      config.getOptionalString('aws.accountDefaults.roleName'),
    ),
    requestTimeoutMs: readDurationMs(
      own,
      'requestTimeout',
      DEFAULT_REQUEST_TIMEOUT_MS,
    ),
    maxAttempts: readPositiveInt(own, 'maxAttempts', DEFAULT_MAX_ATTEMPTS),
    retryBaseDelayMs: own?.has('aws.retryBaseDelay')
      ? readDurationMs(own, 'aws.retryBaseDelay', 0)
      : undefined,
    requestRates: readRequestRates(own),
    maxConcurrentReadsPerRegion: readPositiveInt(
      own,
      'maxConcurrentReadsPerRegion',
      DEFAULT_MAX_CONCURRENT_READS_PER_REGION,
    ),
  };
}
