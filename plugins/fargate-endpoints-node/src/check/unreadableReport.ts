import {
  CheckReport,
  CheckTarget,
  Need,
  RULE_IDS,
  UnknownCheck,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * The report of a service whose network could not be read at all (its ECS service or its
 * subnets unreadable, no credentials): every rule left open, each reason listed. An AWS fault
 * is an answer the user can act on, never a server error.
 */
export function unreadableReport(
  target: CheckTarget,
  unknown: UnknownCheck[],
  options: { needs?: Need[]; checkedAt: string },
): CheckReport {
  return {
    ready: false,
    verdict: 'unknown',
    complete: false,
    path: 'unknown',
    target,
    needs: options.needs ?? [],
    needSources: [],
    findings: [],
    unknown: unknown.map(u => ({
      ...u,
      rules: u.rules.length ? u.rules : [...RULE_IDS],
    })),
    subnets: [],
    endpoints: [],
    stoppedTasks: [],
    checkedAt: options.checkedAt,
  };
}
