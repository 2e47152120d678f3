import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * Configuration of the fargate-endpoints backend plugin (live private-network health of ECS
   * Fargate services). The AWS access keys (allowedAccountIds, requestTimeout, maxAttempts,
   * maxConcurrentReadsPerRegion, aws.*) are declared by the engine package.
   */
  fargateEndpoints?: {
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
      /**
       * How long a failed read (a VPC or ECS service that does not exist, access denied, a
       * timeout) is answered from memory instead of asking AWS again. Same formats. Default 30 s.
       */
      negativeTtl?: HumanDuration | string | number;
      /**
       * A refresh asked within this long after the last read of the same VPC or service is
       * answered by that read, so a flood of refreshes costs one read per interval. Same
       * formats. Default 15 s.
       */
      minRefreshInterval?: HumanDuration | string | number;
    };

    /**
     * How long one report may take, every AWS read included, before what is still unread is
     * reported as `unknown: timed out`. Same formats. Default 25 s, under a load balancer's
     * usual 60 s idle timeout.
     */
    reportDeadline?: HumanDuration | string | number;

    /** Limits per caller (a user, or a calling service). */
    limits?: {
      /**
       * Fresh AWS reads a caller may ask for (`refresh=true` reports and `POST /v1/check`)
       * per minute; past it the answer is 429 with the wait. Default 10.
       */
      freshReadsPerMinute?: number;
      /** How many of those may come at once. Default 5. */
      freshReadsBurst?: number;
    };

    /** The fleet overview. */
    overview?: {
      /**
       * How many services the overview checks at once. Default 100. The request pacing below,
       * not this number, keeps the AWS calls under the throttle.
       */
      maxConcurrentChecks?: number;
    };
  };
}
