export { EntityFargateEndpointsCard } from './EntityFargateEndpointsCard';
