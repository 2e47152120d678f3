export { fargateEndpointsApiRef } from './FargateEndpointsApi';
export type {
  FargateEndpointsApi,
  GetEntityReportOptions,
} from './FargateEndpointsApi';
export { FargateEndpointsClient } from './FargateEndpointsClient';
