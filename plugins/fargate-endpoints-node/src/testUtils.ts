/**
 * Test fixtures of the engine: healthy isolated VPC snapshots and service specs to build
 * failing variants from.
 *
 * @packageDocumentation
 */
export {
  FIXTURE_IDS,
  fixtureEndpointId,
  healthyIsolatedSnapshot,
  serviceSpecFor,
  sgRule,
  withDefaultRoute,
  withEndpoint,
  withoutEndpoint,
} from './testing/fixtures';
export type { HealthySnapshotOptions } from './testing/fixtures';
// The model the fixtures build, as the main entry point exports it.
export type {
  EcsFailure,
  EcsPart,
  FileSystemRead,
  HostedZone,
  HubEndpoint,
  HubView,
  MountTarget,
  NetworkAcl,
  NetworkAclEntry,
  PartFailure,
  PrefixList,
  ProfileEndpoint,
  PullThroughCacheImage,
  PullThroughCacheRead,
  RepositoryPolicyRead,
  Route,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  ServiceSpec,
  SnapshotPart,
  StoppedTask,
  Subnet,
  VpcEndpoint,
  VpcSnapshot,
  ZoneRecord,
} from './model';
export type { StartFetch, StartFetchService } from './spec/startFetches';
