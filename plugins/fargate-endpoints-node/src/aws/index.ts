export { createAwsClients, destroyAwsClients } from './clients';
export type { AwsClients, AwsClientsOptions } from './clients';
export { readVpcSnapshot, readS3PrefixList } from './vpcSnapshot';
export type { VpcTarget, ReadVpcSnapshotOptions } from './vpcSnapshot';
export { readEcsService } from './ecsService';
export type { EcsServiceRead, ReadEcsServiceOptions } from './ecsService';
export { resolveSubnetVpcs } from './subnetVpcs';
export type { ResolveSubnetVpcsOptions } from './subnetVpcs';
export {
  ConcurrencyLimiter,
  createLimiter,
  createRequestPacer,
  defaultLimiter,
  limiterKey,
  paceClientAttempts,
  RequestPacer,
} from './limiter';
export type { PaceableClient, RequestRate } from './limiter';
export {
  awsErrorCode,
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './awsErrors';
export type { AwsServicePrefix } from './awsErrors';
