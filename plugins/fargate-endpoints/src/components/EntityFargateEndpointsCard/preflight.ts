import type {
  EntityReport,
  OverviewService,
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
