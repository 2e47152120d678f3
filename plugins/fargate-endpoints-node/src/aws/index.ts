export { createAwsClients, destroyAwsClients } from './clients';
export type { AwsClients, AwsClientsOptions } from './clients';
export { readVpcSnapshot, readS3PrefixList } from './vpcSnapshot';
export type { VpcTarget, ReadVpcSnapshotOptions } from './vpcSnapshot';
export { readEcsService, serviceTrouble } from './ecsService';
export type { EcsServiceRead, ReadEcsServiceOptions } from './ecsService';
export { resolveSubnetVpcs } from './subnetVpcs';
export type { ResolveSubnetVpcsOptions } from './subnetVpcs';
export {
  actionGroupOf,
  AWS_ACTION_GROUPS,
  AWS_DOCUMENTED_REQUEST_RATES,
  requestRatesBelowAws,
} from './actionGroups';
export type { AwsActionGroup, RequestRate } from './actionGroups';
export {
  ActionGroupPacer,
  ConcurrencyLimiter,
  createActionGroupPacer,
  createLimiter,
  createRequestPacer,
  defaultLimiter,
  limiterKey,
  paceClientAttempts,
  RequestPacer,
} from './limiter';
export type { PaceableClient } from './limiter';
export {
  AccountCredentialsError,
  awsErrorCode,
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './awsErrors';
export type { AwsServicePrefix } from './awsErrors';
