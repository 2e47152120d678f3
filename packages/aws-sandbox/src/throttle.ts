/**
 * AWS's request throttling, as documented: token buckets per account, region and action
 * group. A call takes a token from its group's bucket; with none left it is refused at once
 * (EC2 answers RequestLimitExceeded, ECS ThrottlingException), never queued.
 *
 * Sources:
 * - EC2: "Request throttling for the Amazon EC2 API", Amazon EC2 Developer Guide
 *   (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html, formerly the
 *   EC2 API Reference page "Request throttling"): non-mutating actions (Describe*) bucket
 *   100, refill 20 per second; unfiltered and unpaginated non-mutating calls of
 *   DescribeInstances, DescribeNetworkInterfaces and DescribeSecurityGroups (no filter, no
 *   ids, no MaxResults) bucket 50, refill 10 per second (docs/domain.md#reading-the-live-state).
 *   The page now says each API has its own bucket of that size; older versions of it (and
 *   docs/domain.md#reading-the-live-state) describe one bucket for all Describe* calls. The sandbox keeps the
 *   one shared bucket per group: the smaller of the two readings, so never larger than AWS.
 * - ECS: "Request throttling for the Amazon ECS API", Amazon ECS API Reference
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html):
 *   DescribeServices and ListServices bucket 100, refill 20 per second; DescribeTasks and
 *   ListTasks 100 / 20; task definition reads (DescribeTaskDefinition,
 *   ListTaskDefinitions, ListTaskDefinitionFamilies) 50 / 20; cluster reads
 *   (DescribeClusters, ListClusters) 50 / 20.
 * - Route 53: "Throttling for Amazon Route 53 API requests", Route 53 Developer Guide
 *   (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/throttling-api-requests.html):
 *   all API requests of an account draw on one bucket, 50 at once refilled 10 per second,
 *   and each action on one of its own of the same size for the reads modelled here. Route 53
 *   is global, so the bucket is keyed by account alone: calls made for every region share it
 *   (see {@link throttleKey}). The sandbox keeps the account bucket (every action draws on it
 *   and it is the one that binds first). Older pages say five requests per second per
 *   account; the page above supersedes them.
 * - EFS, ECR and Route 53 Profiles reads, STS and any ECS action not listed: no rate
 *   documented for them, so
 *   the smallest bucket above (50 / 10 per account and region) stands in, one per service:
 *   pessimistic on purpose.
 */
import type { SandboxService } from './faults';

/** A token bucket: `burst` calls at once, refilled at `refillPerSecond`. */
export interface ThrottleOptions {
  burst: number;
  refillPerSecond: number;
}

/** The action groups AWS throttles separately (per account and region). */
export type ThrottleGroup =
  | 'ec2-describe'
  | 'ec2-unfiltered-describe'
  | 'ecs-services'
  | 'ecs-tasks'
  | 'ecs-task-definitions'
  | 'ecs-clusters'
  | 'ecs-other'
  | 'route53'
  | 'route53profiles'
  | 'efs'
  | 'ecr'
  | 'sts';

/** Every group's bucket. */
export type ThrottlePolicy = Record<ThrottleGroup, ThrottleOptions>;

/** AWS's documented buckets (see the sources at the top of this file). */
export const AWS_DOCUMENTED_THROTTLE: Readonly<ThrottlePolicy> = Object.freeze({
  'ec2-describe': { burst: 100, refillPerSecond: 20 },
  'ec2-unfiltered-describe': { burst: 50, refillPerSecond: 10 },
  'ecs-services': { burst: 100, refillPerSecond: 20 },
  'ecs-tasks': { burst: 100, refillPerSecond: 20 },
  'ecs-task-definitions': { burst: 50, refillPerSecond: 20 },
  'ecs-clusters': { burst: 50, refillPerSecond: 20 },
  'ecs-other': { burst: 50, refillPerSecond: 10 },
  route53: { burst: 50, refillPerSecond: 10 },
  route53profiles: { burst: 50, refillPerSecond: 10 },
  efs: { burst: 50, refillPerSecond: 10 },
  ecr: { burst: 50, refillPerSecond: 10 },
  sts: { burst: 50, refillPerSecond: 10 },
});

/**
 * How the sandbox throttles: `false` not at all; one {@link ThrottleOptions} for every group's
 * bucket alike; or per group, the groups not named keeping AWS's documented buckets (a group
 * set to `false` is not throttled). Omitted: AWS's documented buckets.
 */
export type ThrottleSetting =
  | false
  | ThrottleOptions
  | Partial<Record<ThrottleGroup, ThrottleOptions | false>>;

/** The buckets a setting means; undefined entries are not throttled. */
export function throttlePolicy(
  setting: ThrottleSetting | undefined,
): Partial<ThrottlePolicy> | undefined {
  if (setting === false) return undefined;
  if (setting === undefined) return { ...AWS_DOCUMENTED_THROTTLE };
  if (isOptions(setting)) {
    const all: Partial<ThrottlePolicy> = {};
    for (const group of Object.keys(AWS_DOCUMENTED_THROTTLE))
      all[group as ThrottleGroup] = setting;
    return all;
  }
  const policy: Partial<ThrottlePolicy> = { ...AWS_DOCUMENTED_THROTTLE };
  for (const [group, options] of Object.entries(setting)) {
    if (options) policy[group as ThrottleGroup] = options;
    else delete policy[group as ThrottleGroup];
  }
  return policy;
}

function isOptions(setting: object): setting is ThrottleOptions {
  return typeof (setting as ThrottleOptions).burst === 'number';
}

/** EC2 actions whose unfiltered, unpaginated call draws on the smaller bucket. */
const EC2_UNFILTERED_SENSITIVE = new Set([
  'DescribeInstances',
  'DescribeNetworkInterfaces',
  'DescribeSecurityGroups',
]);

const ECS_GROUPS: Record<string, ThrottleGroup> = {
  DescribeServices: 'ecs-services',
  ListServices: 'ecs-services',
  ListServicesByNamespace: 'ecs-services',
  DescribeTasks: 'ecs-tasks',
  ListTasks: 'ecs-tasks',
  DescribeTaskDefinition: 'ecs-task-definitions',
  ListTaskDefinitions: 'ecs-task-definitions',
  ListTaskDefinitionFamilies: 'ecs-task-definitions',
  DescribeClusters: 'ecs-clusters',
  ListClusters: 'ecs-clusters',
};

/** What the grouping needs to know of an EC2 call: does it filter, name ids or page? */
export interface Ec2CallShape {
  /** True when the call has a Filter, an id list or MaxResults. */
  narrowed: boolean;
}

/** The action group a call is throttled in. */
export function throttleGroupOf(
  service: SandboxService,
  action: string,
  ec2?: Ec2CallShape,
): ThrottleGroup {
  if (service === 'ec2') {
    return EC2_UNFILTERED_SENSITIVE.has(action) && ec2 && !ec2.narrowed
      ? 'ec2-unfiltered-describe'
      : 'ec2-describe';
  }
  if (service === 'ecs') return ECS_GROUPS[action] ?? 'ecs-other';
  return service;
}

/**
 * The key of the bucket a call draws on within its group: account and region, or the
 * account alone for Route 53, which AWS throttles per account whatever the region.
 */
export function throttleKey(
  group: ThrottleGroup,
  accountId: string,
  region: string,
): string {
  return group === 'route53' ? accountId : `${accountId}:${region}`;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * The buckets of one policy, each keyed by account, region and group (the caller builds the
 * key). A call takes a token; with none left it is refused.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly policy: Partial<ThrottlePolicy>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Forgets every bucket: each starts full again. */
  rest(): void {
    this.buckets.clear();
  }

  /** The bucket of a group, if it is throttled. */
  optionsOf(group: ThrottleGroup): ThrottleOptions | undefined {
    return this.policy[group];
  }

  /** Takes a token from the group's bucket under `key`; false when it is empty. */
  take(group: ThrottleGroup, key: string): boolean {
    const options = this.policy[group];
    if (!options) return true;
    const now = this.now();
    const bucketKey = `${group}:${key}`;
    const bucket = this.buckets.get(bucketKey) ?? {
      tokens: options.burst,
      updatedAt: now,
    };
    const refilled =
      ((now - bucket.updatedAt) / 1000) * options.refillPerSecond;
    bucket.tokens = Math.min(options.burst, bucket.tokens + refilled);
    bucket.updatedAt = now;
    this.buckets.set(bucketKey, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
