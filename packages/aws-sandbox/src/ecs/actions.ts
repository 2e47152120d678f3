/**
 * The ECS actions the sandbox answers (JSON 1.1, `X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Action>`), in ECS's shapes: camelCase members, epoch-second
 * timestamps, `failures` with reason `MISSING` for unknown services and tasks.
 */
import { createHash } from 'node:crypto';
import { AwsApiError } from '../protocol/errors';
import {
  clusterArn,
  serviceArn,
  taskArn,
  taskDefinitionArn,
} from '../world/ids';
import type {
  SandboxCluster,
  SandboxContainerDefinition,
  SandboxEcsService,
  SandboxRegion,
  SandboxTask,
  SandboxTaskDefinition,
  SandboxWorld,
} from '../world/types';
import { regionData } from '../ec2/actions';

/** What an ECS action gets to work with. */
export interface EcsCallContext {
  world: SandboxWorld;
  accountId: string;
  region: string;
  input: Record<string, unknown>;
  pageSize?: number;
}

/** An ECS action: returns the JSON response document. */
export type EcsAction = (ctx: EcsCallContext) => Record<string, unknown>;

function seconds(iso: string | undefined): number | undefined {
  return iso ? Date.parse(iso) / 1000 : undefined;
}

/** A stable 19-digit deployment number, as ECS prints in `ecs-svc/<number>`. */
function deploymentNumber(seed: string): string {
  return BigInt(
    `0x${createHash('sha1').update(seed).digest('hex').slice(0, 15)}`,
  )
    .toString()
    .padStart(19, '1');
}

function invalid(message: string): AwsApiError {
  return new AwsApiError('InvalidParameterException', message);
}

function stringInput(ctx: EcsCallContext, name: string): string | undefined {
  const value = ctx.input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${name} must be a string.`);
  return value;
}

function stringListInput(ctx: EcsCallContext, name: string): string[] {
  const value = ctx.input[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw invalid(`${name} must be a list of strings.`);
  }
  return value as string[];
}

/** The last path segment of an ARN, or the value itself when it is a plain name. */
function lastSegment(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:')
    ? nameOrArn.split('/').pop() ?? nameOrArn
    : nameOrArn;
}

function findCluster(
  ctx: EcsCallContext,
  region: SandboxRegion,
): SandboxCluster {
  const requested = stringInput(ctx, 'cluster') ?? 'default';
  const name = requested.startsWith('arn:')
    ? requested.split('/')[1]
    : requested;
  const cluster = region.clusters.find(c => c.clusterName === name);
  if (!cluster)
    throw new AwsApiError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

function findTaskDefinition(
  region: SandboxRegion,
  reference: string,
): SandboxTaskDefinition | undefined {
  const familyRevision = reference.startsWith('arn:')
    ? reference.split('/').pop()!
    : reference;
  const [family, revision] = familyRevision.split(':');
  const candidates = region.taskDefinitions.filter(t => t.family === family);
  if (revision !== undefined)
    return candidates.find(t => String(t.revision) === revision);
  return candidates.sort((a, b) => b.revision - a.revision)[0];
}

/**
 * A deployment's `failedTasks`: "the number of consecutively failed tasks in the deployment. A
 * task is considered a failure if the service scheduler can't launch the task, the task
 * doesn't transition to a RUNNING state, or if it fails any of its defined health checks and
 * is stopped ... Once a service deployment has one or more successfully running tasks, the
 * failed task count resets to zero" (ECS API Reference, Deployment). The sandbox counts the
 * service's stopped tasks that failed to start, while none runs.
 */
function failedTasksOf(cluster: SandboxCluster, service: SandboxEcsService) {
  const running = service.runningCount ?? service.desiredCount ?? 1;
  if (running > 0) return 0;
  return cluster.tasks.filter(
    t =>
      t.serviceName === service.serviceName &&
      t.desiredStatus === 'STOPPED' &&
      t.stopCode === 'TaskFailedToStart',
  ).length;
}

function renderService(
  ctx: EcsCallContext,
  cluster: SandboxCluster,
  service: SandboxEcsService,
) {
  const networkConfiguration = {
    awsvpcConfiguration: {
      subnets: service.subnets,
      securityGroups: service.securityGroups,
      assignPublicIp: service.assignPublicIp,
    },
  };
  const taskDefinition = taskDefinitionArn(
    ctx.region,
    ctx.accountId,
    service.taskDefinition,
  );
  const createdAt = seconds(service.createdAt ?? '2026-01-15T10:00:00.000Z');
  return {
    serviceArn: serviceArn(
      ctx.region,
      ctx.accountId,
      cluster.clusterName,
      service.serviceName,
    ),
    serviceName: service.serviceName,
    clusterArn: clusterArn(ctx.region, ctx.accountId, cluster.clusterName),
    loadBalancers: [],
    serviceRegistries: [],
    status: service.status ?? 'ACTIVE',
    desiredCount: service.desiredCount ?? 1,
    runningCount: service.runningCount ?? service.desiredCount ?? 1,
    pendingCount: 0,
    // DescribeServices shows a launchType or a capacityProviderStrategy, never both.
    launchType: service.capacityProviderStrategy
      ? undefined
      : service.launchType ?? 'FARGATE',
    capacityProviderStrategy: service.capacityProviderStrategy?.map(p => ({
      capacityProvider: p.capacityProvider,
      weight: p.weight ?? 1,
      base: 0,
    })),
    platformVersion: service.platformVersion ?? 'LATEST',
    platformFamily: 'Linux',
    taskDefinition,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: [
      {
        id: `ecs-svc/${deploymentNumber(service.serviceName)}`,
        status: 'PRIMARY',
        taskDefinition,
        desiredCount: service.desiredCount ?? 1,
        pendingCount: 0,
        runningCount: service.runningCount ?? service.desiredCount ?? 1,
        failedTasks: failedTasksOf(cluster, service),
        createdAt,
        updatedAt: createdAt,
        launchType: service.launchType ?? 'FARGATE',
        platformVersion:
          service.platformVersion === 'LATEST' || !service.platformVersion
            ? '1.4.0'
            : service.platformVersion,
        platformFamily: 'Linux',
        networkConfiguration,
        rolloutState: 'COMPLETED',
        rolloutStateReason: 'ECS deployment completed.',
      },
    ],
    events: (service.events ?? []).map((event, i) => ({
      id: event.id ?? `${service.serviceName}-event-${i}`,
      createdAt: seconds(event.createdAt),
      message: event.message,
    })),
    createdAt,
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration,
    schedulingStrategy: 'REPLICA',
    createdBy: `arn:aws:iam::${ctx.accountId}:role/deployer`,
    enableECSManagedTags: true,
    propagateTags: 'NONE',
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    availabilityZoneRebalancing: 'ENABLED',
  };
}

const describeServices: EcsAction = ctx => {
  const region = regionData(ctx);
  const cluster = findCluster(ctx, region);
  const requested = stringListInput(ctx, 'services');
  if (requested.length === 0) throw invalid('Services cannot be empty.');
  if (requested.length > 10)
    throw invalid('services can have at most 10 items.');
  const services: unknown[] = [];
  const failures: unknown[] = [];
  for (const reference of requested) {
    const service = cluster.services.find(
      s => s.serviceName === lastSegment(reference),
    );
    if (service) {
      services.push(renderService(ctx, cluster, service));
    } else {
      failures.push({
        arn: reference.startsWith('arn:')
          ? reference
          : serviceArn(
              ctx.region,
              ctx.accountId,
              cluster.clusterName,
              reference,
            ),
        reason: 'MISSING',
      });
    }
  }
  return { services, failures };
};

function renderContainerDefinition(container: SandboxContainerDefinition) {
  return {
    name: container.name,
    image: container.image,
    cpu: 0,
    essential: container.essential ?? true,
    portMappings: (container.portMappings ?? []).map(p => ({
      containerPort: p.containerPort,
      hostPort: p.containerPort,
      protocol: p.protocol ?? 'tcp',
    })),
    environment: container.environment ?? [],
    environmentFiles: container.environmentFiles ?? [],
    mountPoints: container.mountPoints ?? [],
    firelensConfiguration: container.firelensConfiguration,
    volumesFrom: [],
    secrets: container.secrets,
    repositoryCredentials: container.repositoryCredentials,
    logConfiguration: container.logConfiguration
      ? { ...container.logConfiguration, secretOptions: [] }
      : undefined,
    systemControls: [],
  };
}

const describeTaskDefinition: EcsAction = ctx => {
  const reference = stringInput(ctx, 'taskDefinition');
  if (!reference) throw invalid('Task Definition can not be blank.');
  const definition = findTaskDefinition(regionData(ctx), reference);
  if (!definition)
    throw new AwsApiError(
      'ClientException',
      'Unable to describe task definition.',
    );
  const familyRevision = `${definition.family}:${definition.revision}`;
  return {
    taskDefinition: {
      taskDefinitionArn: taskDefinitionArn(
        ctx.region,
        ctx.accountId,
        familyRevision,
      ),
      containerDefinitions: definition.containerDefinitions.map(
        renderContainerDefinition,
      ),
      family: definition.family,
      taskRoleArn: definition.taskRoleArn,
      executionRoleArn: definition.executionRoleArn,
      networkMode: 'awsvpc',
      revision: definition.revision,
      volumes: definition.volumes ?? [],
      proxyConfiguration: definition.proxyConfiguration,
      status: 'ACTIVE',
      requiresAttributes: [
        { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
        { name: 'ecs.capability.execution-role-awslogs' },
        { name: 'com.amazonaws.ecs.capability.ecr-auth' },
        { name: 'ecs.capability.task-eni' },
      ],
      placementConstraints: [],
      compatibilities: ['EC2', 'FARGATE'],
      requiresCompatibilities: ['FARGATE'],
      cpu: definition.cpu ?? '256',
      memory: definition.memory ?? '512',
      registeredAt: seconds('2026-01-15T09:55:00.000Z'),
      registeredBy: `arn:aws:iam::${ctx.accountId}:role/deployer`,
    },
    tags: [],
  };
};

function pageOf<T>(
  ctx: EcsCallContext,
  items: T[],
  max: number,
): { page: T[]; nextToken?: string } {
  const raw = ctx.input.maxResults;
  if (raw !== undefined && (typeof raw !== 'number' || raw < 1 || raw > max)) {
    throw invalid(`maxResults must be between 1 and ${max}.`);
  }
  const token = stringInput(ctx, 'nextToken');
  let offset = 0;
  if (token) {
    const decoded = Number(
      Buffer.from(token, 'base64url')
        .toString('utf8')
        .replace(/^offset:/, ''),
    );
    if (!Number.isInteger(decoded) || decoded < 0)
      throw invalid('Invalid nextToken.');
    offset = decoded;
  }
  const size = Math.min(
    (raw as number | undefined) ?? max,
    ctx.pageSize ?? Infinity,
  );
  const page = items.slice(offset, offset + size);
  const end = offset + size;
  return {
    page,
    nextToken:
      end < items.length
        ? Buffer.from(`offset:${end}`).toString('base64url')
        : undefined,
  };
}

const listTasks: EcsAction = ctx => {
  const cluster = findCluster(ctx, regionData(ctx));
  const serviceName = stringInput(ctx, 'serviceName');
  const desiredStatus = stringInput(ctx, 'desiredStatus') ?? 'RUNNING';
  if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desiredStatus)) {
    throw invalid(
      `1 validation error detected: Value '${desiredStatus}' at 'desiredStatus' failed to satisfy constraint: Member must satisfy enum value set: [STOPPED, PENDING, RUNNING]`,
    );
  }
  if (
    serviceName &&
    !cluster.services.some(s => s.serviceName === lastSegment(serviceName))
  ) {
    throw new AwsApiError('ServiceNotFoundException', 'Service not found.');
  }
  const family = stringInput(ctx, 'family');
  const tasks = cluster.tasks.filter(
    t =>
      t.desiredStatus === desiredStatus &&
      (!serviceName || t.serviceName === lastSegment(serviceName)) &&
      (!family || t.taskDefinition.split(':')[0] === family),
  );
  const { page, nextToken } = pageOf(ctx, tasks, 100);
  return {
    taskArns: page.map(t =>
      taskArn(ctx.region, ctx.accountId, cluster.clusterName, t.taskId),
    ),
    nextToken,
  };
};

function renderTask(
  ctx: EcsCallContext,
  cluster: SandboxCluster,
  task: SandboxTask,
) {
  const arn = taskArn(
    ctx.region,
    ctx.accountId,
    cluster.clusterName,
    task.taskId,
  );
  const service = cluster.services.find(
    s => s.serviceName === task.serviceName,
  );
  const definition = findTaskDefinition(regionData(ctx), task.taskDefinition);
  const subnetId = service?.subnets[0];
  return {
    taskArn: arn,
    clusterArn: clusterArn(ctx.region, ctx.accountId, cluster.clusterName),
    taskDefinitionArn: taskDefinitionArn(
      ctx.region,
      ctx.accountId,
      task.taskDefinition,
    ),
    group: `service:${task.serviceName}`,
    startedBy: 'ecs-svc/1234567890123456789',
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    cpu: definition?.cpu ?? '256',
    memory: definition?.memory ?? '512',
    availabilityZone: task.availabilityZone ?? `${ctx.region}a`,
    connectivity: task.startedAt ? 'CONNECTED' : undefined,
    createdAt: seconds(task.createdAt),
    startedAt: seconds(task.startedAt),
    stoppingAt: seconds(task.stoppingAt),
    stoppedAt: seconds(task.stoppedAt),
    executionStoppedAt: seconds(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stopCode: task.stopCode,
    containers: (task.containers ?? []).map(container => ({
      containerArn: `arn:aws:ecs:${ctx.region}:${ctx.accountId}:container/${cluster.clusterName}/${task.taskId}/${container.name}`,
      taskArn: arn,
      name: container.name,
      image: definition?.containerDefinitions.find(
        c => c.name === container.name,
      )?.image,
      lastStatus: container.lastStatus ?? task.lastStatus,
      exitCode: container.exitCode,
      reason: container.reason,
      networkInterfaces: [],
      healthStatus: 'UNKNOWN',
    })),
    attachments: subnetId
      ? [
          {
            id: `${task.taskId.slice(0, 8)}-eni-attachment`,
            type: 'ElasticNetworkInterface',
            status: task.lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED',
            details: [{ name: 'subnetId', value: subnetId }],
          },
        ]
      : [],
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [] },
    version: 4,
    tags: [],
  };
}

const describeTasks: EcsAction = ctx => {
  const cluster = findCluster(ctx, regionData(ctx));
  const requested = stringListInput(ctx, 'tasks');
  if (requested.length === 0) throw invalid('Tasks cannot be empty.');
  if (requested.length > 100)
    throw invalid('tasks can have at most 100 items.');
  const tasks: unknown[] = [];
  const failures: unknown[] = [];
  for (const reference of requested) {
    const task = cluster.tasks.find(t => t.taskId === lastSegment(reference));
    if (task) tasks.push(renderTask(ctx, cluster, task));
    else failures.push({ arn: reference, reason: 'MISSING' });
  }
  return { tasks, failures };
};

/**
 * ListClusters: the account's cluster ARNs in the region, 100 a page at most (ECS API
 * Reference, ListClusters: maxResults 1-100, default 100).
 */
const listClusters: EcsAction = ctx => {
  const region = regionData(ctx);
  const { page, nextToken } = pageOf(ctx, region.clusters, 100);
  return {
    clusterArns: page.map(c =>
      clusterArn(ctx.region, ctx.accountId, c.clusterName),
    ),
    nextToken,
  };
};

/**
 * ListServices: a cluster's service ARNs, optionally of one launch type; ECS returns at most 10
 * a page unless maxResults says up to 100 (ECS API Reference, ListServices). Deleted
 * (INACTIVE) services are not listed.
 */
const listServices: EcsAction = ctx => {
  const cluster = findCluster(ctx, regionData(ctx));
  const launchType = stringInput(ctx, 'launchType');
  const services = cluster.services.filter(
    s =>
      s.status !== 'INACTIVE' &&
      (!launchType ||
        (!s.capacityProviderStrategy &&
          (s.launchType ?? 'FARGATE') === launchType)),
  );
  const raw = ctx.input.maxResults;
  const { page, nextToken } = pageOf(
    raw === undefined
      ? { ...ctx, input: { ...ctx.input, maxResults: 10 } }
      : ctx,
    services,
    100,
  );
  return {
    serviceArns: page.map(s =>
      serviceArn(ctx.region, ctx.accountId, cluster.clusterName, s.serviceName),
    ),
    nextToken,
  };
};

/** Every ECS action the sandbox answers, by the action part of `X-Amz-Target`. */
export const ECS_ACTIONS: Record<string, EcsAction> = {
  ListClusters: listClusters,
  ListServices: listServices,
  DescribeServices: describeServices,
  DescribeTaskDefinition: describeTaskDefinition,
  ListTasks: listTasks,
  DescribeTasks: describeTasks,
};
