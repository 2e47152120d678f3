/**
 * The fargate-endpoints engine: the network model, AWS collection, the check pipeline, rule
 * evaluation, endpoint planning and cost. Test fixtures are in the `/testUtils` entry point.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './aws';
export * from './accounts';
export * from './check';
export * from './plan';
export * from './defaults';
export * from './history';
export { CHECKER_IAM_ACTIONS, checkerIamPolicy } from './iam';
export {
  assertValidNeeds,
  buildServiceSpec,
  networkServiceSpec,
  validateNetworkCheckInput,
} from './spec/serviceSpec';
export type { NetworkCheckInput } from './spec/serviceSpec';
export {
  imagePullProblem,
  imageRegistry,
  isPrivateEcrImageInRegion,
  parsePrivateEcrImage,
  privateEcrHost,
} from './spec/images';
export type { PrivateEcrImage } from './spec/images';
export { classifySecretSource } from './spec/secrets';
export {
  FARGATE_MEMORY_BY_CPU,
  validateFargateTaskSize,
} from './spec/taskSize';
export { endpointPurpose, serviceHostname, symptomFor } from './rules/symptoms';
export type { SecretSource, SecretStore } from './spec/secrets';
export { evaluateService } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { absentFromVpc, assertNetworkInputInVpc } from './vpcMembership';
export type { NetworkInputFields } from './vpcMembership';
export { deriveNeeds } from './needs';
export type { DeriveNeedsInput, DerivedNeeds } from './needs';
export * from './cost';
export {
  cidrContains,
  cidrSubnet,
  PRIVATE_IPV4_RANGES,
  validateNewVpcCidr,
} from './network/cidr';
export { diagnoseStoppedTasks } from './stoppedTasks';
export type { DiagnoseOptions } from './stoppedTasks';
export {
  detectSubnetPaths,
  reportPath,
  effectiveRouteTable,
} from './network/routes';
export type { EffectiveRouteTable } from './network/routes';
