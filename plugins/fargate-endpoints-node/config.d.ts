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
       * Client-side token bucket for ECS calls, per account and region, shared by every ECS
       * action. Default `{ requestsPerSecond: 80, burst: 160 }`.
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
