/**
 * The engine's plan speaks of AWS ids and of placeholders for what does not exist yet; the
 * Terraform speaks of resources, data sources and locals. This file is the one translation.
 */
import {
  endpointServicePrefix,
  endpointServiceName,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  parsePlaceholder,
  type EndpointPlan,
  type PlannedSecurityGroupRule,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import type { ServicePlan } from '../../service/servicePlan';

/** What the endpoint references read of a plan: the engine's endpoint plan, of a service or a VPC fix. */
export type EndpointPlanHolder = Pick<ServicePlan, 'endpoints'>;

/** A list of strings as an HCL tuple, `["a", "b"]`. */
export function hclStringList(values: readonly string[]): string {
  return `[${values.map(v => JSON.stringify(v)).join(', ')}]`;
}

/** The created interface endpoints, by service suffix. */
export function createdInterfaces(plan: EndpointPlanHolder) {
  return plan.endpoints.create.filter(e => e.type === 'Interface');
}

/** The created S3 gateway endpoint, if the plan creates one. */
export function createdS3Gateway(plan: EndpointPlanHolder) {
  return plan.endpoints.create.find(e => e.service === 's3');
}

/** True when this repository creates interface endpoints (and so their security group). */
export function createsInterfaceEndpoints(plan: ServicePlan): boolean {
  return createdInterfaces(plan).length > 0;
}

/**
 * The service name of an endpoint service with the region left to `var.region`, in the
 * plan's partition: `com.amazonaws.${var.region}.logs`, `cn.com.amazonaws.${var.region}.s3`.
 */
export function serviceNameTemplate(region: string, service: string): string {
  return `${endpointServicePrefix(region, service)}.\${var.region}.${service}`;
}

/** Every endpoint service the Terraform names, created or reused, by suffix. */
export function namedServices(plan: EndpointPlanHolder): string[] {
  return [...plan.endpoints.create, ...plan.endpoints.reuse].map(
    e => e.service,
  );
}

/** The HCL expression of an endpoint's id. */
export function endpointIdRef(plan: EndpointPlanHolder, id: string): string {
  const placeholder = parsePlaceholder(id);
  if (placeholder?.kind === 'planned-endpoint') {
    return placeholder.service === 's3'
      ? 'aws_vpc_endpoint.s3.id'
      : `aws_vpc_endpoint.interface["${placeholder.service}"].id`;
  }
  const reused = plan.endpoints.reuse.find(e => e.id === id);
  if (!reused)
    throw new Error(
      `the plan names endpoint ${id} it neither creates nor reuses`,
    );
  return `data.aws_vpc_endpoint.reused["${reused.service}"].id`;
}

/** The S3 gateway the tasks use, created or reused. */
export function s3EndpointRef(plan: EndpointPlanHolder): string {
  if (createdS3Gateway(plan)) return 'aws_vpc_endpoint.s3';
  return 'data.aws_vpc_endpoint.reused["s3"]';
}

/** The HCL expression of one security group the plan names; undefined for a declared endpoint's groups. */
export function securityGroupRef(id: string): string | undefined {
  const placeholder = parsePlaceholder(id);
  if (placeholder?.kind === 'task-security-group')
    return 'aws_security_group.task.id';
  if (placeholder?.kind === 'endpoint-security-group')
    return 'aws_security_group.endpoints.id';
  if (placeholder) return undefined;
  return JSON.stringify(id);
}

/**
 * The set of existing security groups a group of rules names: literal ids from the VPC
 * lookup, and the security groups of declared endpoints, found by the data source at apply.
 */
export function existingGroupSet(ids: string[]): string | undefined {
  const literal = [...new Set(ids.filter(id => !parsePlaceholder(id)))].sort();
  const declared = [
    ...new Set(
      ids.flatMap(id => {
        const p = parsePlaceholder(id);
        return p?.kind === 'declared-endpoint-security-groups'
          ? [p.service]
          : [];
      }),
    ),
  ].sort();
  const parts: string[] = [];
  if (literal.length) parts.push(hclStringList(literal));
  if (declared.length)
    parts.push(
      `flatten([for service in ${hclStringList(
        declared,
      )} : data.aws_vpc_endpoint.reused[service].security_group_ids])`,
    );
  if (!parts.length) return undefined;
  return parts.length === 1
    ? `toset(${parts[0]})`
    : `toset(concat(${parts.join(', ')}))`;
}

/** The rules of the plan, split by what they open. */
export function ruleGroups(plan: EndpointPlan) {
  const isPlaceholderGroup = (id: string, kind: string) =>
    parsePlaceholder(id)?.kind === kind;
  const ingress = plan.securityGroupRules.filter(
    r => r.direction === 'ingress',
  );
  const egress = plan.securityGroupRules.filter(r => r.direction === 'egress');
  const peerGroup = (r: PlannedSecurityGroupRule) =>
    'groupId' in r.peer ? r.peer.groupId : undefined;
  return {
    /** Ingress on the endpoint security group this repository creates. */
    toNewEndpointGroup: ingress.filter(r =>
      isPlaceholderGroup(r.securityGroupId, 'endpoint-security-group'),
    ),
    /** Ingress on security groups of endpoints the VPC already has. */
    toExistingGroups: ingress.filter(
      r => !isPlaceholderGroup(r.securityGroupId, 'endpoint-security-group'),
    ),
    /** Egress to the endpoint security group this repository creates. */
    fromTasksToNewEndpointGroup: egress.filter(r => {
      const g = peerGroup(r);
      return (
        g !== undefined && isPlaceholderGroup(g, 'endpoint-security-group')
      );
    }),
    /** Egress to the security groups of endpoints the VPC already has. */
    fromTasksToExistingGroups: egress.filter(r => {
      const g = peerGroup(r);
      return (
        g !== undefined && !isPlaceholderGroup(g, 'endpoint-security-group')
      );
    }),
    /** Egress to the S3 prefix list. */
    fromTasksToS3: egress.filter(r => 'prefixListId' in r.peer),
  };
}

/** True when the route tables are the task subnets' own, found at apply time. */
export function routeTablesFoundAtApply(ids: string[]): boolean {
  return ids.some(id => {
    const kind = parsePlaceholder(id)?.kind;
    return (
      kind === 'planned-route-table' || kind === 'declared-task-route-tables'
    );
  });
}

/** The HCL expression of a list of route tables the plan names. */
export function routeTablesRef(ids: string[]): string {
  if (routeTablesFoundAtApply(ids)) return 'local.task_route_table_ids';
  return hclStringList([...ids].sort());
}

/** True when some part of the plan needs the task route tables found at apply time. */
export function needsTaskRouteTables(plan: ServicePlan): boolean {
  return (
    routeTablesFoundAtApply(createdS3Gateway(plan)?.routeTableIds ?? []) ||
    routeTablesFoundAtApply(
      plan.endpoints.routeTableAssociations.map(a => a.routeTableId),
    )
  );
}

/** For README tables: the full service name in the plan's region. */
export function fullServiceName(plan: ServicePlan, service: string): string {
  return endpointServiceName(plan.region, service);
}
