import {
  isPreflightReport,
  type EntityReport,
  type OverviewService,
  type Verdict,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** A pre-flight report (see `isPreflightReport` in the common package). */
export function isPreflight(
  report: Pick<EntityReport, 'target' | 'notDeployed'>,
): boolean {
  return isPreflightReport(report);
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
