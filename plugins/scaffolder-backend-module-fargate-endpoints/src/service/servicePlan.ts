/**
 * From validated form input to what the renderers write: the form becomes a service spec
 * (a task definition's worth of containers, secrets and settings) and a VPC (one to create,
 * one read from AWS, or one known only from the user's word); the engine plans the
 * endpoints; this file only gathers the service-level values around its plan.
 */
import {
  AwsPartition,
  ecsServiceArn,
  partitionOfRegion,
  type Need,
  type NeedSource,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  classifySecretSource,
  declaredVpcSnapshot,
  deriveNeeds,
  newVpcSnapshot,
  newVpcSubnetCidrs,
  planEndpoints,
  PLANNED_TASK_SECURITY_GROUP,
  plannedSubnetId,
  withPlannedTaskSecurityGroup,
  type EndpointPlan,
  type SecretSource,
  type ServiceSpec,
  type VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import type { ServiceInput } from './input';
import { SERVICE_DEFAULTS } from './validate';

/** The state of an existing VPC read before planning, and why it could not be read. */
export type ExistingVpcState =
  | { status: 'read'; snapshot: VpcSnapshot }
  | { status: 'unavailable'; reason: string }
  | { status: 'not-requested' };

/** The network the service runs in. */
export type NetworkPlan =
  | {
      mode: 'newVpc';
      cidr: string;
      azCount: number;
      /** The private subnets, one per AZ, as `cidrsubnet(cidr, 2, i)` computes them. */
      subnetCidrs: string[];
    }
  | {
      mode: 'existingVpc';
      vpcId: string;
      subnetIds: string[];
      /** Route tables of the task subnets as the user gave them; undefined: Terraform finds them. */
      routeTableIds?: string[];
      /** True when the plan rests on a live read of the VPC, false on the user's word. */
      lookedUp: boolean;
      /** AZs the task subnets span: exact after a lookup, else one per subnet assumed. */
      azCount: number;
      azCountKnown: boolean;
    };

/** A secret the container receives, classified by its store. */
export interface ContainerSecret extends SecretSource {
  /** Environment variable name. */
  name: string;
  valueFrom: string;
}

/** The image the task runs. */
export type ContainerImage =
  | { kind: 'new-repository'; repositoryName: string }
  | { kind: 'private-ecr'; image: string };

/** Everything the renderers need to write the repository. */
export interface ServicePlan {
  name: string;
  owner: string;
  system?: string;
  description: string;
  region: string;
  partition: AwsPartition;
  accountId?: string;
  network: NetworkPlan;
  needs: Need[];
  needSources: NeedSource[];
  /** The engine's plan: endpoints created and reused, associations and rules added, cost. */
  endpoints: EndpointPlan;
  secrets: ContainerSecret[];
  image: ContainerImage;
  containerPort: number;
  cpu: number;
  memory: number;
  desiredCount: number;
  enableExecuteCommand: boolean;
  /** Undefined: the repository creates a cluster named after the service. */
  existingClusterName?: string;
  clusterName: string;
  restrictS3EndpointPolicy: boolean;
  githubProjectSlug?: string;
  /** The ECS service ARN, when the account is known. */
  serviceArn?: string;
}

/** The container the generated task definition runs, as the engine reads task definitions. */
function taskDefinitionFor(input: ServiceInput) {
  return {
    containerDefinitions: [
      {
        name: input.name,
        image: input.containerImage || undefined,
        logConfiguration: { logDriver: 'awslogs' as const },
        secrets: (input.secrets ?? []).map(s => ({
          name: s.name,
          valueFrom: s.valueFrom,
        })),
      },
    ],
  };
}

function secretsOf(input: ServiceInput): ContainerSecret[] {
  return (input.secrets ?? []).map(s => {
    const classified = classifySecretSource(s.valueFrom, input.region);
    if ('problem' in classified)
      throw new Error(`planService called with an invalid secret: ${s.name}`);
    return { ...s, ...classified.source };
  });
}

/** The VPC to plan in, with the task security group the repository creates. */
function startingVpc(
  input: ServiceInput,
  needs: Need[],
  state: ExistingVpcState,
): { snapshot: VpcSnapshot; subnetIds: string[] } {
  const mode = input.vpcMode ?? SERVICE_DEFAULTS.vpcMode;
  if (mode === 'newVpc') {
    const azCount = input.azCount ?? SERVICE_DEFAULTS.azCount;
    return {
      snapshot: withPlannedTaskSecurityGroup(
        newVpcSnapshot({
          region: input.region,
          accountId: input.accountId || undefined,
          cidr: input.vpcCidr ?? SERVICE_DEFAULTS.vpcCidr,
          azCount,
        }),
      ),
      subnetIds: Array.from({ length: azCount }, (_, i) => plannedSubnetId(i)),
    };
  }
  const subnetIds = input.subnetIds ?? [];
  const snapshot =
    state.status === 'read'
      ? state.snapshot
      : declaredVpcSnapshot({
          region: input.region,
          accountId: input.accountId || undefined,
          vpcId: input.vpcId!,
          subnetIds,
          existingEndpoints: input.existingEndpoints ?? [],
          needs,
        });
  return { snapshot: withPlannedTaskSecurityGroup(snapshot), subnetIds };
}

function networkPlan(
  input: ServiceInput,
  state: ExistingVpcState,
  endpoints: EndpointPlan,
): NetworkPlan {
  if ((input.vpcMode ?? SERVICE_DEFAULTS.vpcMode) === 'newVpc') {
    const cidr = input.vpcCidr ?? SERVICE_DEFAULTS.vpcCidr;
    const azCount = input.azCount ?? SERVICE_DEFAULTS.azCount;
    return {
      mode: 'newVpc',
      cidr,
      azCount,
      subnetCidrs: newVpcSubnetCidrs(cidr, azCount),
    };
  }
  const subnetIds = input.subnetIds ?? [];
  const lookedUp = state.status === 'read';
  return {
    mode: 'existingVpc',
    vpcId: input.vpcId!,
    subnetIds,
    routeTableIds: input.routeTableIds?.length
      ? [...new Set(input.routeTableIds)]
      : undefined,
    lookedUp,
    azCount: lookedUp ? endpoints.availabilityZones.length : subnetIds.length,
    azCountKnown: lookedUp,
  };
}

/** Builds the plan from input that {@link validateServiceInput} accepted. */
export function planService(
  input: ServiceInput,
  state: ExistingVpcState = { status: 'not-requested' },
): ServicePlan {
  const enableExecuteCommand =
    input.enableExecuteCommand ?? (input.needs ?? []).includes('exec');
  const derived = deriveNeeds({
    region: input.region,
    taskDefinition: taskDefinitionFor(input),
    enableExecuteCommand,
    explicitNeeds: input.needs ?? [],
    newEcrRepositories: input.containerImage
      ? undefined
      : { [input.name]: input.name },
  });
  const { snapshot, subnetIds } = startingVpc(input, derived.needs, state);
  const accountId = input.accountId || undefined;
  const spec: ServiceSpec = {
    region: input.region,
    accountId,
    vpcId: snapshot.vpcId,
    subnetIds,
    securityGroupIds: [PLANNED_TASK_SECURITY_GROUP],
    assignPublicIp: 'DISABLED',
    needs: derived.needs,
    needSources: derived.needSources,
    images: derived.images,
    platformVersion: 'LATEST',
    stoppedTasks: [],
    failures: [],
  };
  const endpoints = planEndpoints(snapshot, spec);
  const partition = partitionOfRegion(input.region) ?? 'aws';
  const clusterName = input.clusterName || input.name;
  return {
    name: input.name,
    owner: input.owner,
    system: input.system || undefined,
    description: input.description,
    region: input.region,
    partition,
    accountId,
    network: networkPlan(input, state, endpoints),
    needs: derived.needs,
    needSources: derived.needSources,
    endpoints,
    secrets: secretsOf(input),
    image: input.containerImage
      ? { kind: 'private-ecr', image: input.containerImage }
      : { kind: 'new-repository', repositoryName: input.name },
    containerPort: input.containerPort ?? SERVICE_DEFAULTS.containerPort,
    cpu: input.cpu ?? SERVICE_DEFAULTS.cpu,
    memory: input.memory ?? SERVICE_DEFAULTS.memory,
    desiredCount: input.desiredCount ?? SERVICE_DEFAULTS.desiredCount,
    enableExecuteCommand,
    existingClusterName: input.clusterName || undefined,
    clusterName,
    restrictS3EndpointPolicy: input.restrictS3EndpointPolicy ?? false,
    githubProjectSlug: input.githubProjectSlug || undefined,
    serviceArn: accountId
      ? ecsServiceArn({
          partition,
          region: input.region,
          accountId,
          clusterName,
          serviceName: input.name,
        })
      : undefined,
  };
}
