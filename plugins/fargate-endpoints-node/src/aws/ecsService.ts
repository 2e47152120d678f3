/**
 * Reads what the checker needs from ECS about one service: where its tasks run
 * (DescribeServices), what they use (DescribeTaskDefinition, which a caller may cache by ARN:
 * revisions are immutable) and, only for a service that shows trouble, why recent tasks
 * stopped (ListTasks STOPPED + DescribeTasks). The service itself must be readable, or
 * nothing can be checked; the task definition and the stopped tasks are extras whose
 * failure is recorded and never blocks the network check.
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
import {
  DEFAULT_STOPPED_TASK_LIMIT,
  ECS_DESCRIBE_TASKS_MAX,
} from '../defaults';
import type { EcsFailure, EcsPart, StoppedTask } from '../model';
import {
  awsErrorCode,
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './awsErrors';

/**
 * What ECS says about one service.
 *
 * @public
 */
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
  /** Recently stopped tasks with a reason, newest first (read only for a troubled service). */
  stoppedTasks: StoppedTask[];
  /** Why the service looks troubled (so its stopped tasks were read); undefined when it does not. */
  trouble?: string;
  /** Parts that could not be read. A `service` failure means nothing else is known. */
  failures: EcsFailure[];
}

/**
 * Options of {@link readEcsService}.
 *
 * @public
 */
export interface ReadEcsServiceOptions {
  /** How many stopped tasks to read at most (default `DEFAULT_STOPPED_TASK_LIMIT`). */
  stoppedTaskLimit?: number;
  /**
   * Where task definitions come from: given the ARN and the DescribeTaskDefinition read, a
   * cache answers from what it holds or calls `read` (a revision never changes, so one read
   * per ARN serves every service and every later check). Default: always `read`.
   */
  taskDefinitions?: (
    taskDefinitionArn: string,
    read: () => Promise<TaskDefinition | undefined>,
  ) => Promise<TaskDefinition | undefined>;
}

/** Failure words in ECS service events ("is unable to consistently start tasks", "failed to launch"...). */
const FAILURE_EVENT =
  /\b(unable to|failed|failure|error|unhealthy|circuit breaker)\b/i;
const STEADY_EVENT = /has reached a steady state/i;

/**
 * Why a service looks troubled, or undefined: fewer tasks running than desired, a deployment
 * with failed tasks, or a failure event newer than its last "steady state" event. Only then
 * are its stopped tasks worth reading (docs/domain.md#reading-the-live-state): a healthy service costs none.
 */
export function serviceTrouble(service: Service): string | undefined {
  const desired = service.desiredCount ?? 0;
  const running = service.runningCount ?? 0;
  if (desired > 0 && running < desired)
    return `${running} of ${desired} tasks running`;
  const failed = (service.deployments ?? []).find(
    d => (d.failedTasks ?? 0) > 0,
  );
  if (failed)
    return `deployment ${failed.id ?? '?'} has ${
      failed.failedTasks
    } failed tasks`;
  const time = (at: Date | undefined) => (at ? new Date(at).getTime() : 0);
  const events = service.events ?? [];
  const steadySince = Math.max(
    0,
    ...events
      .filter(e => STEADY_EVENT.test(e.message ?? ''))
      .map(e => time(e.createdAt)),
  );
  const failure = events.find(
    e =>
      FAILURE_EVENT.test(e.message ?? '') &&
      !STEADY_EVENT.test(e.message ?? '') &&
      time(e.createdAt) > steadySince,
  );
  return failure ? `event: ${failure.message}` : undefined;
}

/**
 * Reads an ECS service. Throws InputError for a malformed ARN, NotFoundError when the
 * cluster or the service does not exist (or is INACTIVE, that is deleted), and InputError
 * when the service has no awsvpc network configuration (not Fargate). Every other ECS fault
 * becomes a failure in the result.
 *
 * @public
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

  const service = await readPart('service', 'DescribeServices', async () => {
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
  });

  const read: EcsServiceRead = {
    serviceArn: arn.arn,
    region: arn.region,
    accountId: arn.accountId,
    clusterArn,
    serviceName: arn.serviceName,
    subnetIds: [],
    securityGroupIds: [],
    stoppedTasks: [],
    failures,
  };
  if (!service) return read;

  Object.assign(read, serviceNetwork(service, arn.serviceName));
  read.trouble = serviceTrouble(service);
  const taskDefinitionArn = service.taskDefinition;
  const describeTaskDefinition = async () => {
    const out = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }),
    );
    return out.taskDefinition;
  };
  // The task definition and, for a troubled service only, its stopped tasks, side by side.
  const [taskDefinition, stoppedTasks] = await Promise.all([
    taskDefinitionArn
      ? readPart('taskDefinition', 'DescribeTaskDefinition', () =>
          options.taskDefinitions
            ? options.taskDefinitions(taskDefinitionArn, describeTaskDefinition)
            : describeTaskDefinition(),
        )
      : undefined,
    read.trouble
      ? readPart('stoppedTasks', 'ListTasks', () =>
          readStoppedTasks(
            ecs,
            clusterArn,
            arn.serviceName,
            options.stoppedTaskLimit ?? DEFAULT_STOPPED_TASK_LIMIT,
          ),
        )
      : undefined,
  ]);
  read.taskDefinition = taskDefinition;
  read.stoppedTasks = stoppedTasks ?? [];
  return read;
}

/**
 * What DescribeServices says about a service's network and tasks; throws InputError for a
 * service without awsvpc subnets (not Fargate).
 */
export function serviceNetwork(
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
 * reasons are appended. The list may hold other services' tasks too (a batching client may
 * answer with the whole cluster's): each listed task is described, 100 per DescribeTasks
 * call, and only this service's (`group` `service:<name>`) are kept.
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
  const taskArns = listed.taskArns ?? [];
  if (taskArns.length === 0) return [];
  const chunks: string[][] = [];
  for (let i = 0; i < taskArns.length; i += ECS_DESCRIBE_TASKS_MAX)
    chunks.push(taskArns.slice(i, i + ECS_DESCRIBE_TASKS_MAX));
  const described = await Promise.all(
    chunks.map(tasks =>
      withAction('DescribeTasks', () =>
        ecs.send(new DescribeTasksCommand({ cluster, tasks })),
      ),
    ),
  );
  const group = `service:${serviceName}`;
  return described
    .flatMap(out => out.tasks ?? [])
    .filter(task => !task.group || task.group === group)
    .map(toStoppedTask)
    .filter((t): t is StoppedTask => t !== undefined)
    .sort((a, b) => (b.stoppedAt ?? '').localeCompare(a.stoppedAt ?? ''))
    .slice(0, limit);
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
