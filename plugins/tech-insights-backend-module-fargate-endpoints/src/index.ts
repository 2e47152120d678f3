/**
 * Tech Insights for the fargate-endpoints plugin: a fact retriever publishing each ECS
 * Fargate service's private-network verdict, error count and age from the backend's sweep,
 * and the "Starts in a private subnet" check for the JSON rules engine fact checker.
 *
 * @packageDocumentation
 */
export { techInsightsModuleFargateEndpoints as default } from './module';
export {
  FARGATE_ENDPOINTS_FACT_RETRIEVER_ID,
  fargateEndpointsFactRetriever,
  fargateEndpointsFacts,
} from './factRetriever';
export { fargateStartsInPrivateSubnetCheck } from './privateSubnetCheck';
