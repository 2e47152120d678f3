/**
 * The fargate-endpoints engine: the network model, AWS collection, the check pipeline, rule
 * evaluation, endpoint planning and cost. Test fixtures are in the `/testUtils` entry point.
 *
 * Every export is listed by name: what is not here is internal to the engine. CONTRIBUTING.md
 * says which file holds each concept; `report.api.md` is the reviewed public surface.
 *
 * @packageDocumentation
 */

// The network model the rules judge.
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

// Reading AWS: clients, pacing under AWS's documented throttles, errors in words.
export { createAwsClients, destroyAwsClients } from './aws/clients';
export type { AwsClients, AwsClientsOptions } from './aws/clients';
export type { VpcTarget, ReadVpcSnapshotOptions } from './aws/vpcSnapshot';
export type { VpcsTarget, VpcSnapshotsRead } from './aws/regionVpcSnapshots';
export { readEcsService } from './aws/ecsService';
export type { EcsServiceRead, ReadEcsServiceOptions } from './aws/ecsService';
export { resolveSubnetVpcs } from './aws/subnetVpcs';
export type { ResolveSubnetVpcsOptions } from './aws/subnetVpcs';
export { AWS_DOCUMENTED_REQUEST_RATES } from './aws/actionGroups';
export type { AwsActionGroup, RequestRate } from './aws/actionGroups';
export {
  ActionGroupPacer,
  createActionGroupPacer,
  createLimiter,
} from './aws/limiter';
export type {
  ConcurrencyLimiter,
  PaceableClient,
  RequestPacer,
} from './aws/limiter';
export type {
  Route53ProfilesAction,
  Route53ProfilesClient,
  Route53ProfilesClientOptions,
} from './aws/route53Profiles';
export {
  AccountCredentialsError,
  describeAwsError,
  isMissingCredentialsError,
} from './aws/awsErrors';
export type { AwsServicePrefix } from './aws/awsErrors';

// Which accounts may be read, and how, from config.
export { AwsAccountAccess, MAIN_ACCOUNT } from './accounts/AwsAccountAccess';
export type {
  AwsAccountAccessOptions,
  AwsReaderFactory,
  AwsReaderFactoryOptions,
  HubAccountOptions,
} from './accounts/AwsAccountAccess';
export {
  readAwsAccessSettings,
  readDurationMs,
  readPositiveInt,
} from './accounts/settings';
export type { AwsAccessSettings } from './accounts/settings';

// The one check pipeline the backend and the CLI run.
export { createAwsReader } from './check/reader';
export type { AwsReader, AwsReaderOptions } from './check/reader';
export type { EcsListingFailure, EcsServiceListing } from './aws/ecsDiscovery';
export { runCheck } from './check/runCheck';
export type { CheckRequest, RunCheckOptions } from './check/runCheck';
export { unreadableReport } from './check/unreadableReport';
export { evaluateService } from './evaluate';

// What a service needs, from its task definition or a form.
export { deriveNeeds } from './needs';
export type { DeriveNeedsInput, DerivedNeeds } from './needs';
export {
  networkServiceSpec,
  validateNetworkCheckInput,
} from './spec/serviceSpec';
export type { NetworkCheckInput } from './spec/serviceSpec';
export { imagePullProblem } from './spec/images';
export { classifySecretSource } from './spec/secrets';
export type { SecretSource, SecretStore } from './spec/secrets';
export type { StartFetch, StartFetchService } from './spec/startFetches';
export {
  FARGATE_MEMORY_BY_CPU,
  validateFargateTaskSize,
} from './spec/taskSize';
export { endpointPurpose, symptomFor } from './rules/symptoms';
export { assertNetworkInputInVpc } from './vpcMembership';
export type { NetworkInputFields } from './vpcMembership';
export { validateNewVpcCidr } from './network/cidr';
export { CHECKER_IAM_ACTIONS } from './iam';

// Plans: what to create, reuse, associate and open so that the tasks start.
export { planEndpoints } from './plan/planEndpoints';
export type { PlanEndpointsOptions } from './plan/planEndpoints';
export {
  declaredVpcSnapshot,
  newVpcSnapshot,
  newVpcSubnetCidrs,
  withPlannedTaskSecurityGroup,
} from './plan/vpcModels';
export type { DeclaredVpcInput, NewVpcInput } from './plan/vpcModels';
export {
  parsePlaceholder,
  PLANNED_ENDPOINT_SECURITY_GROUP,
  PLANNED_TASK_SECURITY_GROUP,
  plannedSubnetId,
} from './plan/plannedIds';
export type { PlaceholderRef } from './plan/plannedIds';
export type {
  EndpointPlan,
  PlanBlocker,
  PlannedEndpoint,
  PlannedRouteTableAssociation,
  PlannedSecurityGroupRule,
  ReusedEndpoint,
  RulePeer,
} from './plan/types';

// A Terraform plan's blast radius, before it is applied.
export { assessPlanImpact } from './impact/assessPlanImpact';
export type { AssessPlanImpactOptions } from './impact/assessPlanImpact';
export { formatImpactMarkdown } from './impact/markdown';
export type { ImpactMarkdownOptions } from './impact/markdown';
export { parseTerraformPlan } from './impact/planDocument';
export type {
  PlanAction,
  PlannedChange,
  ResourceExpressions,
  TerraformPlan,
} from './impact/planDocument';
export type { PlanUnknown } from './impact/overlay/overlayState';
export type {
  ImpactFinding,
  ImpactGap,
  ImpactVerdict,
  PlanChangeRef,
  PlanImpact,
  ServiceEntity,
  ServiceImpact,
  ServiceOutcome,
} from './impact/types';

// History: what changed in a VPC, in words an owner acts on.
export { vpcFingerprint } from './history/fingerprint';
export { explainVerdictChange } from './history/diffSnapshots';

// Defaults.
export {
  DEFAULT_CHECK_DEADLINE_MS,
  DEFAULT_REQUEST_RATES,
  EC2_FILTER_VALUES_MAX,
  ECS_DESCRIBE_SERVICES_MAX,
  ECS_DESCRIBE_TASKS_MAX,
} from './defaults';
export type { CostInput } from './cost';
