export { planEndpoints } from './planEndpoints';
export type { PlanEndpointsOptions } from './planEndpoints';
export { applyEndpointPlan } from './applyPlan';
export {
  declaredVpcSnapshot,
  newVpcSnapshot,
  newVpcSubnetCidrs,
  plannedS3PrefixList,
  withPlannedTaskSecurityGroup,
  PLANNED_S3_PREFIX_LIST_ID,
  PLANNED_VPC_ID,
} from './vpcModels';
export type { DeclaredVpcInput, NewVpcInput } from './vpcModels';
export {
  DECLARED_TASK_ROUTE_TABLES,
  declaredEndpointId,
  declaredEndpointSecurityGroupId,
  isPlaceholderId,
  parsePlaceholder,
  PLANNED_ENDPOINT_SECURITY_GROUP,
  PLANNED_TASK_SECURITY_GROUP,
  plannedEndpointId,
  plannedRouteTableId,
  plannedSubnetId,
} from './plannedIds';
export type { PlaceholderRef } from './plannedIds';
export type {
  EndpointPlan,
  PlanBlocker,
  PlannedEndpoint,
  PlannedRouteTableAssociation,
  PlannedSecurityGroupRule,
  ReusedEndpoint,
  RulePeer,
} from './types';
