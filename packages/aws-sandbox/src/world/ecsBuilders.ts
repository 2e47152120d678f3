import { clusterArn, serviceArn, taskDefinitionArn, taskId } from './ids';
import { taskSecurityGroup, taskSubnetIds } from './vpcBuilders';
import type {
  SandboxContainerDefinition,
  SandboxEcsService,
  SandboxServiceEvent,
  SandboxTask,
  SandboxTaskDefinition,
  SandboxVpc,
} from './types';
import { regionDnsSuffix } from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** A stopped task to seed, newest first. */
export interface StoppedTaskSeed {
  stoppedReason: string;
  /** ISO time; defaults to minutes before 2026-11-21T09:00:00Z in list order. */
  stoppedAt?: string;
  stopCode?:
    | 'TaskFailedToStart'
    | 'EssentialContainerExited'
    | 'UserInitiated'
    | 'ServiceSchedulerInitiated';
  /** Container-level reason (CannotPullContainerError lands here too). */
  containerReason?: string;
  exitCode?: number;
}

/** Options of {@link ecsService}. */
export interface EcsServiceOptions {
  serviceName: string;
  region: string;
  accountId: string;
  /** Subnets and security groups default to the VPC's task subnets and task group. */
  vpc?: SandboxVpc;
  clusterName?: string;
  subnets?: string[];
  securityGroups?: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  platformVersion?: string;
  /** The image of the single container; defaults to this account's ECR in this region. */
  image?: string;
  /** The awslogs driver on the container. Defaults to true. */
  awslogs?: boolean;
  /** Secret `valueFrom`s (Secrets Manager or SSM ARNs, or SSM parameter names). */
  secrets?: string[];
  /** A private registry credential secret (`repositoryCredentials`). */
  repositoryCredentials?: string;
  /** Replaces the single generated container. */
  containers?: SandboxContainerDefinition[];
  enableExecuteCommand?: boolean;
  taskDefinitionRevision?: number;
  stoppedTasks?: StoppedTaskSeed[];
  events?: SandboxServiceEvent[];
  desiredCount?: number;
  runningCount?: number;
}

/** An ECS service with its task definition and tasks, ready for {@link addToWorld}. */
export interface EcsServiceFixture {
  clusterName: string;
  service: SandboxEcsService;
  taskDefinition: SandboxTaskDefinition;
  tasks: SandboxTask[];
  /** Convenience: the ARNs the fixture will answer to. */
  serviceArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
}

/** An image in this account's private ECR in this region. */
export function ecrImage(
  accountId: string,
  region: string,
  repository: string,
  tag = '1.0.0',
) {
  return `${accountId}.dkr.ecr.${region}.${regionDnsSuffix(
    region,
  )}/${repository}:${tag}`;
}

const STOPPED_BASE = Date.parse('2026-11-21T09:00:00Z');

function defaultContainer(
  options: EcsServiceOptions,
): SandboxContainerDefinition {
  const container: SandboxContainerDefinition = {
    name: options.serviceName,
    image:
      options.image ??
      ecrImage(options.accountId, options.region, options.serviceName),
    essential: true,
    portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
  };
  if (options.awslogs ?? true) {
    container.logConfiguration = {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': `/ecs/${options.serviceName}`,
        'awslogs-region': options.region,
        'awslogs-stream-prefix': 'ecs',
      },
    };
  }
  if (options.secrets?.length) {
    container.secrets = options.secrets.map((valueFrom, i) => ({
      name: `SECRET_${i + 1}`,
      valueFrom,
    }));
  }
  if (options.repositoryCredentials) {
    container.repositoryCredentials = {
      credentialsParameter: options.repositoryCredentials,
    };
  }
  return container;
}

function stoppedTask(
  options: EcsServiceOptions,
  familyRevision: string,
  seed: StoppedTaskSeed,
  index: number,
): SandboxTask {
  const stoppedAt =
    seed.stoppedAt ?? new Date(STOPPED_BASE - index * 5 * 60_000).toISOString();
  const createdAt = new Date(Date.parse(stoppedAt) - 90_000).toISOString();
  return {
    taskId: taskId(
      `${options.accountId}:${options.region}:${options.serviceName}:${index}`,
    ),
    serviceName: options.serviceName,
    taskDefinition: familyRevision,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stoppedReason: seed.stoppedReason,
    stopCode: seed.stopCode ?? 'TaskFailedToStart',
    createdAt,
    stoppingAt: stoppedAt,
    stoppedAt,
    containers: [
      {
        name: options.containers?.[0]?.name ?? options.serviceName,
        lastStatus: 'STOPPED',
        exitCode: seed.exitCode,
        reason: seed.containerReason,
      },
    ],
  };
}

/**
 * A Fargate service, its task definition and any stopped tasks, placed in a VPC's task
 * subnets with its task security group unless told otherwise.
 */
export function ecsService(options: EcsServiceOptions): EcsServiceFixture {
  const clusterName = options.clusterName ?? 'default';
  const revision = options.taskDefinitionRevision ?? 1;
  const familyRevision = `${options.serviceName}:${revision}`;
  const subnets =
    options.subnets ?? (options.vpc ? taskSubnetIds(options.vpc) : []);
  const securityGroups =
    options.securityGroups ??
    (options.vpc ? [taskSecurityGroup(options.vpc).id] : []);
  const taskDefinition: SandboxTaskDefinition = {
    family: options.serviceName,
    revision,
    containerDefinitions: options.containers ?? [defaultContainer(options)],
    executionRoleArn: `arn:aws:iam::${options.accountId}:role/${options.serviceName}-execution`,
    taskRoleArn: `arn:aws:iam::${options.accountId}:role/${options.serviceName}-task`,
    cpu: '256',
    memory: '512',
  };
  const tasks = (options.stoppedTasks ?? []).map((seed, i) =>
    stoppedTask(options, familyRevision, seed, i),
  );
  const service: SandboxEcsService = {
    serviceName: options.serviceName,
    taskDefinition: familyRevision,
    launchType: 'FARGATE',
    platformVersion: options.platformVersion ?? 'LATEST',
    subnets,
    securityGroups,
    assignPublicIp: options.assignPublicIp ?? 'DISABLED',
    enableExecuteCommand: options.enableExecuteCommand ?? false,
    desiredCount: options.desiredCount ?? 2,
    runningCount:
      options.runningCount ??
      (tasks.some(t => t.stopCode === 'TaskFailedToStart') ? 0 : 2),
    status: 'ACTIVE',
    events: options.events ?? [],
    createdAt: '2026-01-15T10:00:00.000Z',
  };
  return {
    clusterName,
    service,
    taskDefinition,
    tasks,
    serviceArn: serviceArn(
      options.region,
      options.accountId,
      clusterName,
      options.serviceName,
    ),
    clusterArn: clusterArn(options.region, options.accountId, clusterName),
    taskDefinitionArn: taskDefinitionArn(
      options.region,
      options.accountId,
      familyRevision,
    ),
  };
}
