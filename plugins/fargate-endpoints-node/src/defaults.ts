/**
 * The engine's defaults, in one place: how hard to retry, how long to wait, how many ids
 * one call may carry. The backend, the scaffolder and the CLI start from these values.
 */
import { requestRatesBelowAws, type AwsActionGroup } from './aws/actionGroups';
import type { RequestRate } from './aws/actionGroups';

/**
 * Attempts per AWS call, the first included: the SDK's own default. Throttling is avoided
 * by pacing, not by retrying, so more attempts would only lengthen a failing check.
 */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Time allowed for one attempt, from request to full response. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

/** Time allowed to open a connection (never more than the request timeout). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;

/**
 * How long one check may take, all reads included, before what is still unread is reported
 * as `unknown: timed out`: well under the 60 s idle timeout of common load balancers (ALB's
 * default), so a card or a CI step always gets an answer.
 *
 * @public
 */
export const DEFAULT_CHECK_DEADLINE_MS = 25_000;

/** Concurrent EC2 reads per account and region. */
export const DEFAULT_MAX_CONCURRENT_READS_PER_REGION = 4;

/**
 * Values one EC2 filter accepts ("You can specify up to 200 values per filter", EC2 API
 * Reference, Filter): the size of a batched DescribeSubnets by subnet id.
 *
 * @public
 */
export const EC2_FILTER_VALUES_MAX = 200;

/**
 * Services one ECS DescribeServices call accepts (ECS API Reference: "up to 10 services").
 *
 * @public
 */
export const ECS_DESCRIBE_SERVICES_MAX = 10;

/**
 * Tasks one ECS DescribeTasks call accepts (ECS API Reference: "up to 100 tasks").
 *
 * @public
 */
export const ECS_DESCRIBE_TASKS_MAX = 100;

/** Stopped tasks read per service (ECS keeps stopped tasks for about an hour). */
export const DEFAULT_STOPPED_TASK_LIMIT = 10;

/** The share of AWS's documented buckets the engine paces itself to, by default. */
export const DEFAULT_REQUEST_RATE_FRACTION = 0.9;

/**
 * Client-side pacing per account, region and action group: 90% of the burst and of the
 * refill of AWS's documented bucket of each group (EC2 Describe* 100 / 20 per second,
 * unfiltered DescribeSecurityGroups and kin 50 / 10, ECS DescribeServices 100 / 20, ECS
 * tasks 100 / 20, ECS task definitions 50 / 20, ECS clusters 50 / 20, Route 53 50 / 10 per
 * account for all regions together, EFS and ECR reads 50 / 10 assumed; see
 * aws/actionGroups.ts), so the checker alone never reaches AWS's and leaves a tenth to the
 * account's other tools (at 80% a cold sweep of a fleet took 1.3x the time AWS's own
 * buckets allow; at 90% 1.15x, see `yarn bench`). Lower it per group in config to leave more.
 *
 * @public
 */
export const DEFAULT_REQUEST_RATES: Readonly<
  Record<AwsActionGroup, RequestRate>
> = Object.freeze(requestRatesBelowAws(DEFAULT_REQUEST_RATE_FRACTION));

/** The EC2 Describe* group's default pacing (90% of 100 at once and 20 per second). */
export const DEFAULT_EC2_REQUEST_RATE: RequestRate =
  DEFAULT_REQUEST_RATES['ec2-describe'];

/** The ECS DescribeServices group's default pacing (90% of 100 at once and 20 per second). */
export const DEFAULT_ECS_REQUEST_RATE: RequestRate =
  DEFAULT_REQUEST_RATES['ecs-services'];
