/**
 * Scaffolder actions that generate a Fargate service for private subnets with the VPC
 * endpoint stack it needs, and publish it to a local git repository for development.
 *
 * @packageDocumentation
 */
export { scaffolderModuleFargateEndpoints as default } from './module';
export {
  createGenerateServiceAction,
  GENERATE_SERVICE_ACTION_ID,
  type GenerateServiceActionOptions,
} from './actions/generateService';
export {
  createPlanVpcFixAction,
  PLAN_VPC_FIX_ACTION_ID,
  type PlanVpcFixActionOptions,
} from './actions/planVpcFix';
export {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
  type PublishLocalActionOptions,
} from './actions/publishLocal';
export {
  createAwsEndpointLookup,
  type EndpointLookup,
  type EndpointLookupTarget,
} from './service/endpointLookup';
