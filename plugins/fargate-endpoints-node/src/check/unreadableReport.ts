import { withMissingPermissions } from '../iam';
import {
  CheckReport,
  CheckTarget,
  Need,
  NotDeployed,
  RULE_IDS,
  UnknownCheck,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * The report of a service whose network could not be read at all (its ECS service or its
 * subnets unreadable, no credentials): every rule left open, each reason listed. An AWS fault
 * is an answer the user can act on, never a server error.
 *
 * @public
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
    ...withMissingPermissions(unknown),
    checkedAt: options.checkedAt,
  };
}

/**
 * The report of a service generated but not deployed yet: nothing in ECS to check, so every
 * rule is open (`unknown`, never ready, never an error), with the planned network and what
 * will link the entity to the live service.
 */
export function notDeployedReport(
  target: CheckTarget,
  notDeployed: NotDeployed,
  options: { needs?: Need[]; checkedAt: string; call?: string },
): CheckReport {
  return {
    ...unreadableReport(
      target,
      [
        {
          check: 'ECS service',
          rules: [],
          ...(options.call ? { call: options.call } : {}),
          reason: `not deployed yet: ${notDeployed.reason}`,
        },
      ],
      options,
    ),
    notDeployed,
  };
}
