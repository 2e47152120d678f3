/**
 * What to create, reuse, associate and open so that a service's tasks start: the rules'
 * own findings, turned into actions. The planner evaluates the service against the VPC,
 * turns every error finding a service repository can fix into an action (`missing-endpoint`
 * into an endpoint, `s3-route-table-missing` into an association, `endpoint-sg-blocks-tasks`
 * and `task-egress-blocked` into TCP 443 rules), applies them to the snapshot and evaluates
 * again, until nothing more can be fixed. So the plan, applied, leaves no error finding but
 * the blockers it names, by construction.
 */
import {
  partitionOfRegion,
  RULES,
  type Finding,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { RouteTable, ServiceSpec, VpcSnapshot } from '../model';
import { estimateCost } from '../cost';
import { evaluateService } from '../evaluate';
import { effectiveRouteTable } from '../network/routes';
import {
  buildRuleContext,
  type EndpointUse,
  type RuleContext,
} from '../rules/context';
import { applyEndpointPlan } from './applyPlan';
import { plannedS3PrefixList } from './vpcModels';
import {
  PLANNED_ENDPOINT_SECURITY_GROUP,
  plannedEndpointId,
} from './plannedIds';
import type {
  EndpointPlan,
  PlannedEndpoint,
  PlannedSecurityGroupRule,
  RulePeer,
} from './types';

/**
 * Options of {@link planEndpoints}.
 *
 * @public
 */
export interface PlanEndpointsOptions {
  /**
   * `isolated` (default): plan for tasks with no route out of the VPC, so the service does
   * not depend on a NAT or internet gateway; `as-is`: fix only what fails on today's routes.
   */
  target?: 'isolated' | 'as-is';
}

/** Rounds of evaluate-and-fix; each round can only add what the previous one made possible. */
const MAX_ROUNDS = 5;

/** A view of the VPC in which the task subnets' route tables have no route out. */
function isolatedView(snapshot: VpcSnapshot, spec: ServiceSpec): VpcSnapshot {
  const taskTables = new Set(
    spec.subnetIds.flatMap(id => {
      const effective = effectiveRouteTable(snapshot.routeTables, id);
      return effective ? [effective.routeTable.id] : [];
    }),
  );
  const isolate = (table: RouteTable): RouteTable => ({
    ...table,
    routes: table.routes.filter(
      r =>
        r.target === 'local' ||
        (r.destinationCidrBlock !== '0.0.0.0/0' &&
          r.destinationIpv6CidrBlock !== '::/0'),
    ),
  });
  return {
    ...snapshot,
    routeTables: snapshot.routeTables.map(t =>
      taskTables.has(t.id) ? isolate(t) : t,
    ),
  };
}

function reasonsFor(spec: ServiceSpec, need: string): string[] {
  return spec.needSources.filter(s => s.need === need).map(s => s.reason);
}

/**
 * One task subnet per AZ, the lowest id of each (as the generated Terraform's
 * `sort(ids)[0]` picks it): an interface endpoint takes at most one subnet per AZ.
 */
function onePerAz(ctx: RuleContext): string[] {
  const byAz = new Map<string, string>();
  for (const subnet of ctx.taskSubnets) {
    const chosen = byAz.get(subnet.availabilityZone);
    if (!chosen || subnet.id < chosen)
      byAz.set(subnet.availabilityZone, subnet.id);
  }
  return [...byAz.values()];
}

function plannedEndpoint(ctx: RuleContext, use: EndpointUse): PlannedEndpoint {
  const { requirement } = use;
  const gateway = requirement.type === 'Gateway';
  return {
    id: plannedEndpointId(requirement.service),
    service: requirement.service,
    serviceName: use.serviceName,
    type: requirement.type,
    need: requirement.need,
    reasons: reasonsFor(ctx.spec, requirement.need),
    subnetIds: gateway ? [] : onePerAz(ctx),
    securityGroupIds: gateway ? [] : [PLANNED_ENDPOINT_SECURITY_GROUP],
    routeTableIds: gateway ? ctx.taskRouteTableIds : [],
  };
}

function sameRule(a: PlannedSecurityGroupRule, b: PlannedSecurityGroupRule) {
  return (
    a.direction === b.direction &&
    a.securityGroupId === b.securityGroupId &&
    JSON.stringify(a.peer) === JSON.stringify(b.peer)
  );
}

function isSecurityGroupId(id: string | undefined): id is string {
  return Boolean(
    id && (id.startsWith('sg-') || /^(planned|declared):sg:/.test(id)),
  );
}

/**
 * Adds the action that fixes the finding; false when the finding is not one a service
 * repository can fix, or its fix is planned already (it then stays a blocker).
 */
function addFix(plan: EndpointPlan, ctx: RuleContext, f: Finding): boolean {
  const use = ctx.endpointUses.find(u => u.requirement.service === f.service);
  if (!use) return false;
  const taskGroup = ctx.spec.securityGroupIds[0];
  const addRule = (rule: PlannedSecurityGroupRule) => {
    if (plan.securityGroupRules.some(r => sameRule(r, rule))) return false;
    plan.securityGroupRules.push(rule);
    return true;
  };
  switch (f.rule) {
    case 'missing-endpoint': {
      if (plan.create.some(e => e.service === use.requirement.service))
        return false;
      const created = plannedEndpoint(ctx, use);
      if (created.type === 'Interface' && created.subnetIds.length === 0)
        return false;
      plan.create.push(created);
      if (created.type === 'Interface')
        plan.createsEndpointSecurityGroup = true;
      return true;
    }
    case 's3-route-table-missing': {
      const endpoint = use.endpoint;
      if (!endpoint || !f.resourceId) return false;
      if (
        plan.routeTableAssociations.some(
          a => a.endpointId === endpoint.id && a.routeTableId === f.resourceId,
        )
      )
        return false;
      plan.routeTableAssociations.push({
        endpointId: endpoint.id,
        routeTableId: f.resourceId,
        subnetIds: ctx.subnetPaths
          .filter(p => p.routeTableId === f.resourceId)
          .map(p => p.subnetId),
      });
      return true;
    }
    case 'endpoint-sg-blocks-tasks': {
      if (!use.endpoint || !isSecurityGroupId(f.resourceId) || !taskGroup)
        return false;
      return addRule({
        direction: 'ingress',
        securityGroupId: f.resourceId,
        peer: { groupId: taskGroup },
        service: use.requirement.service,
        endpointId: use.endpoint.id,
      });
    }
    case 'task-egress-blocked': {
      const endpoint = use.endpoint;
      if (!endpoint || !taskGroup) return false;
      let peer: RulePeer | undefined;
      if (use.requirement.type === 'Gateway') {
        const prefixList = ctx.snapshot.s3PrefixList;
        peer = prefixList ? { prefixListId: prefixList.id } : undefined;
      } else if (endpoint.securityGroupIds[0]) {
        peer = { groupId: endpoint.securityGroupIds[0] };
      }
      if (!peer) return false;
      return addRule({
        direction: 'egress',
        securityGroupId: taskGroup,
        peer,
        service: use.requirement.service,
        endpointId: endpoint.id,
      });
    }
    default:
      return false;
  }
}

function emptyPlan(snapshot: VpcSnapshot): EndpointPlan {
  return {
    region: snapshot.region,
    partition: partitionOfRegion(snapshot.region) ?? 'aws',
    vpcId: snapshot.vpcId,
    create: [],
    reuse: [],
    routeTableAssociations: [],
    securityGroupRules: [],
    createsEndpointSecurityGroup: false,
    blockers: [],
    unknown: [],
    availabilityZones: [],
    cost: estimateCost({ interfaceEndpoints: 0, availabilityZones: 1 }),
    savedByReuseMonthly: 0,
  };
}

/**
 * Plans the endpoints, associations and rules the service needs in the VPC (a live
 * snapshot, or one of the models in vpcModels). The task security groups the spec names
 * must be in the snapshot (a group the repository creates with `withPlannedTaskSecurityGroup`).
 *
 * @public
 */
export function planEndpoints(
  snapshot: VpcSnapshot,
  spec: ServiceSpec,
  options: PlanEndpointsOptions = {},
): EndpointPlan {
  const routed =
    options.target === 'as-is' ? snapshot : isolatedView(snapshot, spec);
  // The S3 gateway's prefix list is known at apply time even when it could not be read now.
  const base = routed.s3PrefixList
    ? routed
    : {
        ...routed,
        s3PrefixList: plannedS3PrefixList(routed.region),
        failures: routed.failures.filter(f => f.part !== 's3PrefixList'),
      };
  const plan = emptyPlan(snapshot);
  let ctx = buildRuleContext(base, spec);
  let errors: Finding[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const applied = applyEndpointPlan(base, plan);
    const report = evaluateService(applied, spec);
    ctx = buildRuleContext(applied, spec);
    // A run-time need's path (xray, ssmmessages) warns rather than errs, and is still planned.
    errors = report.findings.filter(f => RULES[f.rule].severity === 'error');
    plan.unknown = report.unknown;
    let changed = false;
    for (const f of errors) changed = addFix(plan, ctx, f) || changed;
    if (!changed) break;
  }
  plan.blockers = errors;
  // In the order of the needs, whatever the severity of the finding each one answers.
  const order = (service: string) =>
    ctx.endpointUses.findIndex(u => u.requirement.service === service);
  plan.create.sort((a, b) => order(a.service) - order(b.service));
  const created = new Set(plan.create.map(e => e.id));
  plan.reuse = ctx.endpointUses.flatMap(use =>
    use.endpoint && !created.has(use.endpoint.id)
      ? [
          {
            id: use.endpoint.id,
            service: use.requirement.service,
            serviceName: use.serviceName,
            type: use.requirement.type,
            need: use.requirement.need,
            reasons: reasonsFor(spec, use.requirement.need),
            securityGroupIds: use.endpoint.securityGroupIds,
          },
        ]
      : [],
  );
  plan.availabilityZones = [
    ...new Set(ctx.taskSubnets.map(s => s.availabilityZone)),
  ];
  const zones = plan.availabilityZones.length || spec.subnetIds.length || 1;
  const interfaces = (list: Array<{ type: string }>) =>
    list.filter(e => e.type === 'Interface').length;
  plan.cost = estimateCost({
    interfaceEndpoints: interfaces(plan.create),
    availabilityZones: zones,
  });
  plan.savedByReuseMonthly = estimateCost({
    interfaceEndpoints: interfaces(plan.reuse),
    availabilityZones: zones,
  }).endpointsMonthly;
  return plan;
}
