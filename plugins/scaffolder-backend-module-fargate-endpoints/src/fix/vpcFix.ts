/**
 * What a VPC is missing for one service, and which finding each change fixes. The engine does
 * all the work: it judges the VPC as it is (`evaluateService`, the card's report) and plans
 * the endpoints, route table associations and rules that make it ready (`planEndpoints`).
 * This file only pairs each planned change with the finding of today's report it answers.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  evaluateService,
  networkServiceSpec,
  parsePlaceholder,
  planEndpoints,
  type EndpointPlan,
  type PlannedEndpoint,
  type PlannedRouteTableAssociation,
  type PlannedSecurityGroupRule,
  type ServiceSpec,
  type VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import type { VpcFixRequest } from './fixInput';

/** One change of the fix, with the finding of today's report it fixes. */
export type VpcFixChange =
  | { kind: 'endpoint'; endpoint: PlannedEndpoint; fixes?: Finding }
  | {
      kind: 'route-table-association';
      association: PlannedRouteTableAssociation;
      fixes?: Finding;
    }
  | {
      kind: 'security-group-rule';
      rule: PlannedSecurityGroupRule;
      fixes?: Finding;
    };

/** The fix for a VPC: the engine's plan, today's errors, and the changes paired with them. */
export interface VpcFix {
  request: VpcFixRequest;
  /** The VPC as it was read. */
  snapshot: VpcSnapshot;
  spec: ServiceSpec;
  /** The error findings of today's report (the card's). */
  errors: Finding[];
  /** The engine's plan: what to create, associate and open (named as in a service plan). */
  endpoints: EndpointPlan;
  changes: VpcFixChange[];
}

/** The rules each kind of change answers. */
const RULES_FIXED = {
  endpoint: ['missing-endpoint'],
  'route-table-association': ['s3-route-table-missing'],
  'security-group-rule': ['endpoint-sg-blocks-tasks', 'task-egress-blocked'],
} as const;

function findingFor(
  errors: Finding[],
  rules: readonly string[],
  service: string,
  resourceId?: string,
): Finding | undefined {
  const candidates = errors.filter(
    f => rules.includes(f.rule) && f.service === service,
  );
  return (
    candidates.find(f => resourceId && f.resourceId === resourceId) ??
    candidates[0]
  );
}

function ruleResource(rule: PlannedSecurityGroupRule): string | undefined {
  // An ingress finding names the endpoint's group, an egress finding the endpoint.
  if (rule.direction === 'ingress') return rule.securityGroupId;
  return parsePlaceholder(rule.endpointId) ? undefined : rule.endpointId;
}

/** Pairs each change of the plan with the finding it fixes; later-round changes have none. */
export function pairChanges(
  plan: EndpointPlan,
  errors: Finding[],
): VpcFixChange[] {
  return [
    ...plan.create.map(
      (endpoint): VpcFixChange => ({
        kind: 'endpoint',
        endpoint,
        fixes: findingFor(errors, RULES_FIXED.endpoint, endpoint.service),
      }),
    ),
    ...plan.routeTableAssociations.map(
      (association): VpcFixChange => ({
        kind: 'route-table-association',
        association,
        fixes: errors.find(
          f =>
            f.rule === 's3-route-table-missing' &&
            f.resourceId === association.routeTableId,
        ),
      }),
    ),
    ...plan.securityGroupRules.map(
      (rule): VpcFixChange => ({
        kind: 'security-group-rule',
        rule,
        // A rule to an endpoint this fix creates answers no finding of today's report.
        fixes: parsePlaceholder(rule.endpointId)
          ? undefined
          : findingFor(
              errors,
              RULES_FIXED['security-group-rule'],
              rule.service,
              ruleResource(rule),
            ),
      }),
    ),
  ];
}

/**
 * Plans the fix for the VPC that was read: today's report as the card shows it, and the
 * engine's plan on today's routes (`as-is`: a VPC whose tasks reach AWS through a NAT is not
 * turned into an isolated one; only what fails today is fixed).
 */
export function planVpcFix(
  snapshot: VpcSnapshot,
  request: VpcFixRequest,
): VpcFix {
  const spec = networkServiceSpec(request);
  const report = evaluateService(snapshot, spec);
  const errors = report.findings.filter(f => f.severity === 'error');
  const plan = planEndpoints(snapshot, spec, { target: 'as-is' });
  return {
    request,
    snapshot,
    spec,
    errors,
    endpoints: plan,
    changes: pairChanges(plan, errors),
  };
}
