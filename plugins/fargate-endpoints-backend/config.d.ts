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

    /**
     * The background sweep: every catalog entity linked to a service is checked on this
     * cadence, VPC by VPC, through the same pacing as every other read. It runs on one
     * replica at a time (the scheduler's lock in the database).
     */
    sweep?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * How often. Same formats as `cache.ttl`. Default 5 minutes. Write it as a string
       * (`5m`, `20s`, `PT20S`) or a number of seconds: Backstage merges objects across config
       * files key by key, so `{ minutes: 1 }` in app-config.yaml and `{ seconds: 20 }` in an
       * override file make 80 s, where `20s` in the override file makes 20 s.
       */
      frequency?: HumanDuration | string | number;
      /** How long after startup the first sweep runs. Default 15 s. */
      initialDelay?: HumanDuration | string | number;
      /**
       * How long one sweep may take before the lock is released for another replica (a
       * replica that died mid-sweep is taken over after this, plus up to a minute for the
       * scheduler's janitor). Default: three times the longest of the last ten sweeps, at
       * least 2 and at most 15 minutes, measured when the plugin starts.
       */
      timeout?: HumanDuration | string | number;
    };

    /**
     * AWS change events (CloudTrail management events via EventBridge and SQS, published on
     * the events service by `@backstage/plugin-events-backend-module-aws-sqs`): the services
     * a change touches are checked again at once.
     */
    changes?: {
      /** Default false. */
      enabled?: boolean;
      /** The events service topic the queue is published on. Default `fargate-endpoints-aws-changes`. */
      topic?: string;
      /** How long changes gather before one re-check covers them. Same formats. Default 2 s. */
      gather?: HumanDuration | string | number;
    };

    /** The history of every service's verdict, in the plugin's database. */
    history?: {
      /** How long entries are kept (the latest of each service always is). Default 30 days. */
      retention?: HumanDuration | string | number;
    };

    /** Backstage notifications to a service's owner (`spec.owner`) when it breaks and recovers. */
    alerts?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * The least severe finding that counts as broken: `error` (the service is not ready,
       * the default) or `warning`.
       */
      severity?: 'error' | 'warning';
      /**
       * Default true: after the first sweep that sees a service, its owner gets one
       * notification listing their services that were already broken then (incidents only
       * tell of changes). Sent once per service across replicas and restarts.
       */
      firstSweepDigest?: boolean;
      /**
       * How long a service must stay broken before its owner is told; a break that heals
       * within it sends nothing. Same formats as `cache.ttl`; default 0 (the first sweep
       * that sees it).
       */
      quietPeriod?: HumanDuration | string | number;
    };
  };
}
