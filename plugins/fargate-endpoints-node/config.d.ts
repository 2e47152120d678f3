import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * How the fargate-endpoints engine reads AWS. Read by every package that reads AWS
   * through it (the backend plugin, the scaffolder module), so one policy holds for all.
   */
  fargateEndpoints?: {
    /**
     * AWS account ids (12 digits) that may be read, in addition to every `aws.accounts[].accountId`.
     * List the main account's id here too when entities name it (an ECS service ARN always does):
     * `aws.mainAccount` carries no account id. Accounts listed here but not in `aws.accounts` are read
     * with `aws.accountDefaults.roleName` when it is set, otherwise with the main account's credentials.
     * Requests for any other account are refused before any AWS call.
     */
    allowedAccountIds?: string[];

    /**
     * Shared endpoints in a hub VPC (a landing zone's shared-services account). When set, zones
     * this account owns are read, and its endpoints verified (state, security groups, policy),
     * with its credentials (aws.accounts or aws.accountDefaults.roleName, with the checker's IAM
     * policy). It must be an allowed account. Without it such services are `unknown`, with a
     * `hub-endpoint-unverified` note naming this key.
     */
    hub?: {
      accountId?: string;
    };

    /**
     * Timeout of one AWS API request. A number is seconds; also `'5s'` or `{ seconds: 5 }`.
     * Default 5 seconds. A timed-out read becomes an `unknown` check in the report.
     */
    requestTimeout?: HumanDuration | string | number;

    /** Attempts per AWS request, retries of throttling included (the SDK's `maxAttempts`). Default 3. */
    maxAttempts?: number;

    /**
     * How many EC2 reads run at once against one account and region; EC2 throttles per account
     * and region. Default 4.
     */
    maxConcurrentReadsPerRegion?: number;

    /** How the engine paces and retries its AWS calls. */
    aws?: {
      /**
       * Client-side token buckets, one per account, region and action group, as AWS throttles:
       * every attempt (retries and pages included) waits for a token of its group. Defaults are
       * 90% of AWS's documented buckets (burst / refill per second):
       * `ec2-describe` 90 / 18 (AWS: EC2 Describe* 100 / 20),
       * `ec2-unfiltered-describe` 45 / 9 (AWS: unfiltered DescribeSecurityGroups,
       * DescribeNetworkInterfaces, DescribeInstances 50 / 10),
       * `ecs-services` 90 / 18 (AWS: DescribeServices, ListServices 100 / 20),
       * `ecs-tasks` 90 / 18 (AWS: DescribeTasks, ListTasks 100 / 20),
       * `ecs-task-definitions` 45 / 18 (AWS: task definition reads 50 / 20),
       * `ecs-clusters` 45 / 18 (AWS: cluster reads 50 / 20), `ecs-other` 45 / 9,
       * `route53` 45 / 9 per account for every region together (AWS: 50 / 10 per account,
       * Route 53 being global), `route53profiles` 45 / 9, `efs` 45 / 9 and `ecr` 45 / 9 (not
       * documented by AWS; the smallest bucket assumed).
       * Lower them to leave more room for the account's other tools.
       */
      requestRates?: {
        'ec2-describe'?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        'ec2-unfiltered-describe'?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        'ecs-services'?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        'ecs-tasks'?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        'ecs-task-definitions'?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        'ecs-clusters'?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        'ecs-other'?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        route53?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        route53profiles?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        efs?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
        ecr?: {
          /** Sustained calls per second (the bucket's refill). */
          requestsPerSecond: number;
          /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
          burst?: number;
        };
      };
      /**
       * Older shorthand for `requestRates['ec2-describe']`.
       * @deprecated use requestRates
       */
      ec2RequestRate?: {
        /** Sustained calls per second (the bucket's refill). */
        requestsPerSecond: number;
        /** Calls allowed at once after a quiet spell. Default five seconds' worth. */
        burst?: number;
      };
      /**
       * Older shorthand: this rate for every ECS action group (each its own bucket).
       * @deprecated use requestRates
       */
      ecsRequestRate?: {
        /** Sustained calls per second (the bucket's refill). */
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
