/**
 * Ids of resources that do not exist yet. A plan speaks about the VPC with the ids AWS gave
 * it, and about what it creates (or could not look up) with these placeholders, which a
 * renderer turns into references: `planned:sg:task` is the task security group the service
 * repository creates, `declared:vpce:s3` the S3 gateway the user said the VPC has.
 */

/**
 * The task security group a generated service creates.
 *
 * @public
 */
export const PLANNED_TASK_SECURITY_GROUP = 'planned:sg:task';

/**
 * The security group of the interface endpoints a plan creates.
 *
 * @public
 */
export const PLANNED_ENDPOINT_SECURITY_GROUP = 'planned:sg:endpoints';

/** The endpoint a plan creates for a service suffix. */
export function plannedEndpointId(service: string): string {
  return `planned:vpce:${service}`;
}

/**
 * A subnet of a VPC a plan creates, by AZ index.
 *
 * @public
 */
export function plannedSubnetId(index: number): string {
  return `planned:subnet:${index}`;
}

/** The route table of a planned subnet, by AZ index. */
export function plannedRouteTableId(index: number): string {
  return `planned:rtb:${index}`;
}

/** The endpoint the user declared for a service suffix, found at apply time. */
export function declaredEndpointId(service: string): string {
  return `declared:vpce:${service}`;
}

/** The security groups of a declared endpoint, found at apply time. */
export function declaredEndpointSecurityGroupId(service: string): string {
  return `declared:sg:${service}`;
}

/** The route tables of the task subnets of a VPC that was not read, found at apply time. */
export const DECLARED_TASK_ROUTE_TABLES = 'declared:rtb:task';

/**
 * What a placeholder stands for, or undefined for a real AWS id.
 *
 * @public
 */
export type PlaceholderRef =
  | { kind: 'task-security-group' }
  | { kind: 'endpoint-security-group' }
  | { kind: 'planned-endpoint'; service: string }
  | { kind: 'planned-subnet'; index: number }
  | { kind: 'planned-route-table'; index: number }
  | { kind: 'declared-endpoint'; service: string }
  | { kind: 'declared-endpoint-security-groups'; service: string }
  | { kind: 'declared-task-route-tables' };

/**
 * Parses a placeholder id; undefined for a real AWS id.
 *
 * @public
 */
export function parsePlaceholder(id: string): PlaceholderRef | undefined {
  if (id === PLANNED_TASK_SECURITY_GROUP)
    return { kind: 'task-security-group' };
  if (id === PLANNED_ENDPOINT_SECURITY_GROUP)
    return { kind: 'endpoint-security-group' };
  if (id === DECLARED_TASK_ROUTE_TABLES)
    return { kind: 'declared-task-route-tables' };
  const m = /^(planned|declared):(vpce|sg|subnet|rtb):(.+)$/.exec(id);
  if (!m) return undefined;
  const [, origin, type, rest] = m;
  if (origin === 'planned' && type === 'vpce')
    return { kind: 'planned-endpoint', service: rest };
  if (origin === 'planned' && type === 'subnet')
    return { kind: 'planned-subnet', index: Number(rest) };
  if (origin === 'planned' && type === 'rtb')
    return { kind: 'planned-route-table', index: Number(rest) };
  if (origin === 'declared' && type === 'vpce')
    return { kind: 'declared-endpoint', service: rest };
  if (origin === 'declared' && type === 'sg')
    return { kind: 'declared-endpoint-security-groups', service: rest };
  return undefined;
}

/** True when the id is a placeholder rather than an AWS id. */
export function isPlaceholderId(id: string): boolean {
  return parsePlaceholder(id) !== undefined;
}
