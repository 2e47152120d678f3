import type {
  EntityReport,
  OverviewService,
  Verdict,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * A pre-flight: the entity names a network (VPC, subnets, security groups by annotation) but
 * no ECS service runs in it yet, so the report says what that network would give a task
 * started there, not that something is down.
 */
export function isPreflight(
  report: Pick<EntityReport, 'target' | 'notDeployed'>,
): boolean {
  return !report.notDeployed && !report.target.serviceArn;
}

/** The overview's counterpart of {@link isPreflight}. */
export function isPreflightService(service: OverviewService): boolean {
  return !service.notDeployed && !service.problem && !service.serviceArn;
}

/**
 * Where a service of the overview counts: its verdict, or `not-deployed` / `preflight`
 * for services that do not run yet, which are neither an outage nor a pass.
 */
export type ServiceBucket = Verdict | 'not-deployed' | 'preflight';

/** The {@link ServiceBucket} of one overview service. */
export function serviceBucket(service: OverviewService): ServiceBucket {
  if (service.notDeployed) return 'not-deployed';
  if (isPreflightService(service)) return 'preflight';
  return service.verdict;
}
