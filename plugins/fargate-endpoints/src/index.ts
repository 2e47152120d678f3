/**
 * Entity card and overview page showing whether a Fargate service can start in private
 * subnets, and why not.
 *
 * @packageDocumentation
 */
export {
  fargateEndpointsPlugin,
  EntityFargateEndpointsCard,
  FargateEndpointsOverviewPage,
} from './plugin';
export { fargateEndpointsApiRef, FargateEndpointsClient } from './api';
export type { FargateEndpointsApi, GetEntityReportOptions } from './api';
export { rootRouteRef as fargateEndpointsRootRouteRef } from './routes';
export { isFargateEndpointsAvailable } from '@fargate-endpoints/plugin-fargate-endpoints-common';
