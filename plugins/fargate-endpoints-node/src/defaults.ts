/**
 * The engine's defaults, in one place: how hard to retry, how long to wait, how many ids
 * one call may carry. The backend, the scaffolder and the CLI start from these values.
 */
import type { RequestRate } from './aws/limiter';

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
 */
export const DEFAULT_CHECK_DEADLINE_MS = 25_000;

/** Concurrent EC2 reads per account and region. */
export const DEFAULT_MAX_CONCURRENT_READS_PER_REGION = 4;

/**
 * Values one EC2 filter accepts ("You can specify up to 200 values per filter", EC2 API
 * Reference, Filter): the size of a batched DescribeSubnets by subnet id.
 */
export const EC2_FILTER_VALUES_MAX = 200;

/** Services one ECS DescribeServices call accepts (ECS API Reference: "up to 10 services"). */
export const ECS_DESCRIBE_SERVICES_MAX = 10;

/** Tasks one ECS DescribeTasks call accepts (ECS API Reference: "up to 100 tasks"). */
export const ECS_DESCRIBE_TASKS_MAX = 100;

/** Stopped tasks read per service (ECS keeps stopped tasks for about an hour). */
export const DEFAULT_STOPPED_TASK_LIMIT = 10;

/**
 * EC2 pacing per account and region: 90% of EC2's documented bucket for non-mutating
 * Describe calls (burst 100, refill 20 per second; EC2 API Reference, "Request
 * throttling"), so the checker alone never reaches it.
 */
export const DEFAULT_EC2_REQUEST_RATE: RequestRate = {
  requestsPerSecond: 18,
  burst: 90,
};

/**
 * ECS pacing per account and region, one bucket for every ECS read. ECS documents separate
 * buckets per action group (DOMAIN section 4); until the pacer keeps one per group, this
 * single rate is what the backend has always used.
 */
export const DEFAULT_ECS_REQUEST_RATE: RequestRate = {
  requestsPerSecond: 80,
  burst: 160,
};
