import type { CheckReport } from './report';

/**
 * A pre-flight: the report is about a network the entity names (VPC, subnets, security groups
 * by annotation) with no ECS service running in it, so it says what that network would give
 * a task started there, not that something is down. The card words it so, the overview counts
 * it apart from the not ready, and the first-sweep digest does not report it as broken.
 *
 * @public
 */
export function isPreflightReport(
  report: Pick<CheckReport, 'target' | 'notDeployed'>,
): boolean {
  return !report.notDeployed && !report.target.serviceArn;
}
