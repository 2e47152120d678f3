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
