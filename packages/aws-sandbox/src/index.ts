/**
 * A fake AWS for tests, the local portal and benchmarks: EC2- and ECS-compatible HTTP answers
 * from example VPC states, with msw handlers, a loopback server, faults and throttling.
 *
 * @packageDocumentation
 */
export type * from './world/types';
export {
  isolatedVpc,
  natVpc,
  publicVpc,
  interfaceEndpoint,
  s3GatewayEndpoint,
  allowAllNetworkAcl,
  httpsWithGroups,
  httpsWithCidrs,
  httpsToPrefixLists,
  allTraffic,
  taskSubnetIds,
  taskSecurityGroup,
  endpointSecurityGroup,
  findEndpoint,
  withoutEndpoint,
  FULL_ACCESS_POLICY,
} from './world/vpcBuilders';
export type { VpcOptions } from './world/vpcBuilders';
export { ecsService, ecrImage } from './world/ecsBuilders';
export type {
  EcsServiceOptions,
  EcsServiceFixture,
  StoppedTaskSeed,
} from './world/ecsBuilders';
export {
  sandboxWorld,
  regionOf,
  addToWorld,
  listWorldServices,
  DEFAULT_ACCOUNT_ID,
} from './world/world';
export type { WorldServiceRef } from './world/world';
export { awsManagedPrefixLists, s3PrefixListId } from './world/prefixLists';
export {
  awsId,
  clusterArn,
  serviceArn,
  taskArn,
  taskDefinitionArn,
} from './world/ids';
export {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCESS_KEY_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from './world/exampleWorld';
export type { ExampleService, ExampleServiceName } from './world/exampleWorld';
export {
  endpointDnsName,
  hubAndSpoke,
  hubZone,
  hubZoneName,
  shareEndpointsThroughProfile,
  shareZonesThroughProfile,
} from './world/hubBuilders';
export type { HubAndSpoke } from './world/hubBuilders';
export {
  createFleetWorld,
  describeFleet,
  fleetAccessKeyId,
  fleetAccountIds,
  fleetDesign,
} from './world/fleetWorld';
export type {
  FleetOptions,
  FleetDesign,
  FleetServicePlan,
} from './world/fleetWorld';
export { AwsSandbox, SandboxCallAbortedError } from './sandbox';
export type {
  AwsSandboxOptions,
  SandboxCall,
  SandboxRequest,
  SandboxResponse,
} from './sandbox';
export type { FaultKind, FaultRule, SandboxService } from './faults';
export {
  AWS_DOCUMENTED_THROTTLE,
  throttleGroupOf,
  throttleKey,
  throttlePolicy,
} from './throttle';
export type {
  ThrottleGroup,
  ThrottleOptions,
  ThrottlePolicy,
  ThrottleSetting,
} from './throttle';
export { createAwsMswHandlers } from './msw';
export type { AwsMswHandlerOptions } from './msw';
export { startSandboxServer } from './server';
export { cloudTrailEvent, SandboxChangeQueue } from './sqs/changeQueue';
export type { CloudTrailCall, SqsAnswer } from './sqs/changeQueue';
export type { SandboxControlOptions } from './control';
export type { SandboxServer } from './server';
export { registerSandboxTestHooks } from './testHooks';
export type { SandboxTestHookOptions } from './testHooks';
