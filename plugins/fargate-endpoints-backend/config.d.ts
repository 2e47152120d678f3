import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the fargate-endpoints backend plugin (live private-network health of ECS Fargate services). */
  fargateEndpoints?: {
    /**
     * AWS account ids (12 digits) the plugin may read, in addition to every `aws.accounts[].accountId`.
     * List the main account's id here too when entities name it (an ECS service ARN always does):
     * `aws.mainAccount` carries no account id. Accounts listed here but not in `aws.accounts` are read
     * with `aws.accountDefaults.roleName` when it is set, otherwise with the main account's credentials.
     * Requests for any other account are refused before any AWS call.
     */
    allowedAccountIds?: string[];

    /** How long AWS state is reused before it is read again. */
    cache?: {
      /**
       * How long one VPC's snapshot (subnets, route tables, endpoints, security groups, NACLs) stays
       * fresh. A number is seconds; also `'5m'`, `'PT5M'` or `{ minutes: 5 }`. Default 5 minutes.
       */
      ttl?: HumanDuration | string | number;
      /**
       * How long an ECS service read (network configuration, task definition, stopped tasks) stays
       * fresh. Same formats as `ttl`. Default 1 minute: stopped tasks change faster than networks.
       */
      ecsServiceTtl?: HumanDuration | string | number;
      /**
       * How long data older than its TTL is kept to be served, labelled stale, when a refresh
       * cannot read AWS (throttling, timeouts). Same formats as `ttl`. Default 1 hour.
       */
      staleTtl?: HumanDuration | string | number;
    };

    /**
     * Timeout of one AWS API request. A number is seconds; also `'10s'` or `{ seconds: 10 }`.
     * Default 10 seconds. A timed-out read becomes an `unknown` check in the report.
     */
    requestTimeout?: HumanDuration | string | number;

    /** Attempts per AWS request, retries of throttling included (the SDK's `maxAttempts`). Default 3. */
    maxAttempts?: number;

    /**
     * How many AWS reads run at once against one account and region; EC2 throttles per account
     * and region. Default 4.
     */
    maxConcurrentReadsPerRegion?: number;

    /** The fleet overview. */
    overview?: {
      /**
       * How many services the overview checks at once. Default 100. The request pacing below,
       * not this number, keeps the AWS calls under the throttle.
       */
      maxConcurrentChecks?: number;
    };

    /** How the plugin paces and retries its AWS calls. */
    aws?: {
      /**
       * Client-side token bucket for EC2 calls, per account and region: every attempt (retries
       * and pages included) waits for a token. EC2's default bucket for Describe calls holds 100
       * and refills 20 per second, shared by everything in the account and region. Default
       * `{ requestsPerSecond: 18, burst: 90 }`; lower it to leave room for other tools.
       */
      ec2RequestRate?: {
        /** Sustained EC2 calls per second. */
        requestsPerSecond: number;
        /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
        burst?: number;
      };
      /**
       * Client-side token bucket for ECS calls, per account and region. ECS throttles in its
       * own, larger buckets. Default `{ requestsPerSecond: 80, burst: 160 }`.
       */
      ecsRequestRate?: {
        /** Sustained ECS calls per second. */
        requestsPerSecond: number;
        /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
        burst?: number;
      };
      /**
       * Base of the jittered exponential backoff between attempts. A number is seconds; also
       * `'100ms'`. Default: the SDK's standard backoff, which waits longer after throttling.
       * Mostly for tests.
       */
      retryBaseDelay?: HumanDuration | string | number;
    };
  };
}
