/**
 * The fargate-endpoints backend plugin: entity reports, pre-flight network checks and the
 * fleet overview of ECS Fargate services in private subnets.
 *
 * @packageDocumentation
 */
export { fargateEndpointsPlugin as default } from './plugin';
export type { FargateEndpointsService } from './service/types';
export type {
  PlanImpactRequest,
  PlanImpactResponse,
} from './service/planImpact';
