/**
 * Reads what the checker needs from ECS about one service: where its tasks run
 * (DescribeServices), what they use (DescribeTaskDefinition) and why recent tasks stopped
 * (ListTasks STOPPED + DescribeTasks). The service itself must be readable, or nothing can be
 * checked; the task definition and the stopped tasks are extras whose failure is recorded
 * and never blocks the network check.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  Service,
  Task,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { InputError, NotFoundError } from '@backstage/errors';
import { parseEcsServiceArn } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { DEFAULT_STOPPED_TASK_LIMIT } from '../defaults';
import type { EcsFailure, EcsPart, StoppedTask } from '../model';
import {
  awsErrorCode,
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './awsErrors';

/** What ECS says about one service. */
export interface EcsServiceRead {
  serviceArn: string;
  region: string;
  accountId: string;
  clusterArn?: string;
  serviceName?: string;
  /** The awsvpc subnets of the tasks; empty when the service could not be read. */
  subnetIds: string[];
  securityGroupIds: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  platformVersion?: string;
  enableExecuteCommand?: boolean;
  /** `FARGATE`, `EC2` or `EXTERNAL`; unset when the service uses a capacity provider strategy. */
  launchType?: string;
  /** The capacity providers of the service's strategy, if it has one. */
  capacityProviders?: string[];
  taskDefinitionArn?: string;
  taskDefinition?: TaskDefinition;
  /** Task counts from DescribeServices. */
  desiredCount?: number;
  runningCount?: number;
  pendingCount?: number;
  /** Recently stopped tasks with a reason, newest first. */
  stoppedTasks: StoppedTask[];
  /** Parts that could not be read. A `service` failure means nothing else is known. */
  failures: EcsFailure[];
}

/** Options of {@link readEcsService}. */
export interface ReadEcsServiceOptions {
  /** How many stopped tasks to read at most (default {@link DEFAULT_STOPPED_TASK_LIMIT}). */
  stoppedTaskLimit?: number;
}

/**
 * Reads an ECS service. Throws InputError for a malformed ARN, NotFoundError when the
 * cluster or the service does not exist (or is INACTIVE, that is deleted), and InputError
 * when the service has no awsvpc network configuration (not Fargate). Every other ECS fault
 * becomes a failure in the result.
 */
export async function readEcsService(
  ecs: ECSClient,
  serviceArn: string,
  options: ReadEcsServiceOptions = {},
): Promise<EcsServiceRead> {
  const arn = parseEcsServiceArn(serviceArn);
  if (!arn) {
    throw new InputError(
      `serviceArn: "${serviceArn}" is not an ECS service ARN; expected arn:aws:ecs:<region>:<account>:service/<cluster>/<service>`,
    );
  }
  const clusterArn = `arn:${arn.partition}:ecs:${arn.region}:${arn.accountId}:cluster/${arn.clusterName}`;
  const where = `cluster ${arn.clusterName} (${arn.region}, account ${arn.accountId})`;
  const failures: EcsFailure[] = [];

  async function readPart<T>(
    part: EcsPart,
    call: string,
    read: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      // Not found, not awsvpc, no credentials: the check cannot be made; the caller says so.
      if (
        isMissingCredentialsError(error) ||
        isRejectedCredentialsError(error) ||
        error instanceof NotFoundError ||
        error instanceof InputError
      ) {
        throw error;
      }
      if (awsErrorCode(error) === 'ClusterNotFoundException') {
        throw new NotFoundError(`ECS ${where} not found`);
      }
      const action = actionOf(error) ?? call;
      failures.push({
        part,
        call: action,
        reason: describeAwsError(error, 'ecs', action),
      });
      return undefined;
    }
  }

  // Stopped tasks need only the cluster and the service name, so they are read alongside.
  const [service, stoppedTasks] = await Promise.all([
    readPart('service', 'DescribeServices', async () => {
      const out = await ecs.send(
        new DescribeServicesCommand({
          cluster: clusterArn,
          services: [arn.arn],
        }),
      );
      const found = out.services?.find(
        s => s.serviceArn === arn.arn || s.serviceName === arn.serviceName,
      );
      const missing = out.failures?.some(
        f => f.reason === 'MISSING' && (f.arn === arn.arn || !f.arn),
      );
      if (!found && !missing) {
        // AWS names a service it does not have in `failures`; an answer with neither is no answer.
        throw new Error(
          `the answer holds neither ${arn.serviceName} nor a failure for it`,
        );
      }
      if (!found || found.status === 'INACTIVE') {
        throw new NotFoundError(
          `ECS service ${arn.serviceName} not found in ${where}${
            found ? ' (it is INACTIVE: deleted)' : ''
          }`,
        );
      }
      return found;
    }),
    readPart('stoppedTasks', 'ListTasks', () =>
      readStoppedTasks(
        ecs,
        clusterArn,
        arn.serviceName,
        options.stoppedTaskLimit ?? DEFAULT_STOPPED_TASK_LIMIT,
      ),
    ),
  ]);

  const read: EcsServiceRead = {
    serviceArn: arn.arn,
    region: arn.region,
    accountId: arn.accountId,
    clusterArn,
    serviceName: arn.serviceName,
    subnetIds: [],
    securityGroupIds: [],
    stoppedTasks: stoppedTasks ?? [],
    failures,
  };
  if (!service) return read;

  Object.assign(read, serviceNetwork(service, arn.serviceName));
  if (service.taskDefinition) {
    read.taskDefinition = await readPart(
      'taskDefinition',
      'DescribeTaskDefinition',
      async () => {
        const out = await ecs.send(
          new DescribeTaskDefinitionCommand({
            taskDefinition: service.taskDefinition,
          }),
        );
        return out.taskDefinition;
      },
    );
  }
  return read;
}

function serviceNetwork(
  service: Service,
  serviceName: string,
): Partial<EcsServiceRead> {
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  if (!awsvpc?.subnets?.length) {
    throw new InputError(
      `ECS service ${serviceName} has no awsvpc network configuration (subnets); the checker diagnoses Fargate and awsvpc services only`,
    );
  }
  return {
    clusterArn: service.clusterArn,
    serviceName: service.serviceName ?? serviceName,
    subnetIds: awsvpc.subnets,
    securityGroupIds: awsvpc.securityGroups ?? [],
    assignPublicIp: awsvpc.assignPublicIp,
    platformVersion: service.platformVersion,
    enableExecuteCommand: service.enableExecuteCommand,
    launchType: service.launchType,
    capacityProviders: service.capacityProviderStrategy?.flatMap(p =>
      p.capacityProvider ? [p.capacityProvider] : [],
    ),
    taskDefinitionArn: service.taskDefinition,
    desiredCount: service.desiredCount,
    runningCount: service.runningCount,
    pendingCount: service.pendingCount,
  };
}

const ACTION = Symbol('fargate-endpoints.awsAction');

/** Runs one call of a multi-call part, remembering which action failed. */
async function withAction<T>(
  action: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (typeof error === 'object' && error !== null) {
      Object.defineProperty(error, ACTION, {
        value: action,
        configurable: true,
      });
    }
    throw error;
  }
}

function actionOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null
    ? (error as Record<symbol, string | undefined>)[ACTION]
    : undefined;
}

/**
 * The newest stopped tasks of the service with their reasons. The task-level reason is often
 * generic ("Task failed to start") while the container says what broke, so container
 * reasons are appended.
 */
async function readStoppedTasks(
  ecs: ECSClient,
  cluster: string,
  serviceName: string,
  limit: number,
): Promise<StoppedTask[]> {
  const listed = await withAction('ListTasks', () =>
    ecs.send(
      new ListTasksCommand({
        cluster,
        serviceName,
        desiredStatus: 'STOPPED',
        maxResults: limit,
      }),
    ),
  );
  const taskArns = (listed.taskArns ?? []).slice(0, limit);
  if (taskArns.length === 0) return [];
  const described = await withAction('DescribeTasks', () =>
    ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns })),
  );
  return (described.tasks ?? [])
    .map(toStoppedTask)
    .filter((t): t is StoppedTask => t !== undefined)
    .sort((a, b) => (b.stoppedAt ?? '').localeCompare(a.stoppedAt ?? ''));
}

function toStoppedTask(task: Task): StoppedTask | undefined {
  const reasons: string[] = [];
  if (task.stoppedReason) reasons.push(task.stoppedReason);
  for (const container of task.containers ?? []) {
    if (container.reason && !reasons.some(r => r.includes(container.reason!))) {
      reasons.push(`container ${container.name ?? '?'}: ${container.reason}`);
    }
  }
  if (!task.taskArn || reasons.length === 0) return undefined;
  return {
    taskArn: task.taskArn,
    stoppedAt: task.stoppedAt
      ? new Date(task.stoppedAt).toISOString()
      : undefined,
    stoppedReason: reasons.join('; '),
  };
}
