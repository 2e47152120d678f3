/**
 * The fargate-endpoints engine: the network model, AWS collection, rule evaluation and cost.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './aws';
export {
  checkEcsService,
  checkNetwork,
  buildServiceSpec,
  networkServiceSpec,
  validateNetworkCheckInput,
} from './check';
export type {
  NetworkCheckInput,
  CheckOptions,
  CheckEcsServiceOptions,
} from './check';
export { evaluateService } from './evaluate';
export { absentFromVpc, assertNetworkInputInVpc } from './vpcMembership';
export type { NetworkInputFields } from './vpcMembership';
export type { EvaluateOptions } from './evaluate';
export {
  deriveNeeds,
  parsePrivateEcrImage,
  isPrivateEcrImageInRegion,
} from './needs';
export type { DeriveNeedsInput, DerivedNeeds, PrivateEcrImage } from './needs';
export * from './cost';
export { diagnoseStoppedTasks } from './stoppedTasks';
export type { DiagnoseOptions } from './stoppedTasks';
export {
  detectSubnetPaths,
  reportPath,
  effectiveRouteTable,
} from './network/routes';
export type { EffectiveRouteTable } from './network/routes';
export * from './testing/fixtures';
