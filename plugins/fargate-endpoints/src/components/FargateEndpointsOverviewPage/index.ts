export { FargateEndpointsOverviewPage } from './FargateEndpointsOverviewPage';
export { FargateEndpointsOverviewContent } from './FargateEndpointsOverviewContent';
