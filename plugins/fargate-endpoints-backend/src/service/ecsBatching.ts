/**
 * An ECS client that answers concurrent DescribeServices calls of one cluster with one call
 * (up to 10 services) and concurrent DescribeTasks calls of one cluster with one call (up to
 * 100 tasks). The engine reads one service at a time; a fleet sweep reads many at once, and
 * ECS counts each call against its throttle, not each service.
 */
import {
  DescribeServicesCommand,
  DescribeServicesCommandOutput,
  DescribeTasksCommand,
  DescribeTasksCommandOutput,
  ECSClient,
} from '@aws-sdk/client-ecs';
import {
  ECS_DESCRIBE_SERVICES_MAX,
  ECS_DESCRIBE_TASKS_MAX,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { CallBatcher } from './callBatcher';

/** True when the input only names a cluster and ids, so calls can be merged without losing anything. */
function onlyClusterAnd(input: object, idsField: string): boolean {
  return Object.entries(input).every(
    ([key, value]) =>
      value === undefined || key === 'cluster' || key === idsField,
  );
}

/** An ARN or a bare id/name matches when it is the ARN or the ARN's last path segment. */
function matches(arn: string | undefined, ids: string[]): boolean {
  if (!arn) return false;
  return ids.some(id => id === arn || arn.endsWith(`/${id}`));
}

function servicesPart(
  out: DescribeServicesCommandOutput,
  ids: string[],
): DescribeServicesCommandOutput {
  return {
    ...out,
    services: out.services?.filter(
      s =>
        matches(s.serviceArn, ids) || ids.includes(s.serviceName ?? '\u0000'),
    ),
    failures: out.failures?.filter(f => matches(f.arn, ids)),
  };
}

function tasksPart(
  out: DescribeTasksCommandOutput,
  ids: string[],
): DescribeTasksCommandOutput {
  return {
    ...out,
    tasks: out.tasks?.filter(t => matches(t.taskArn, ids)),
    failures: out.failures?.filter(f => matches(f.arn, ids)),
  };
}

/**
 * Wraps the client: mergeable DescribeServices and DescribeTasks calls wait up to `windowMs`
 * for company, every other call goes straight through. It inherits from the client, so it
 * still is an ECSClient.
 */
export function batchingEcsClient(
  ecs: ECSClient,
  options: { windowMs: number },
): ECSClient {
  const send = ecs.send.bind(ecs) as (...args: unknown[]) => Promise<unknown>;
  const services = new CallBatcher<DescribeServicesCommandOutput>({
    maxIds: ECS_DESCRIBE_SERVICES_MAX,
    windowMs: options.windowMs,
    call: (cluster, ids) =>
      send(
        new DescribeServicesCommand({ cluster, services: ids }),
      ) as Promise<DescribeServicesCommandOutput>,
  });
  const tasks = new CallBatcher<DescribeTasksCommandOutput>({
    maxIds: ECS_DESCRIBE_TASKS_MAX,
    windowMs: options.windowMs,
    call: (cluster, ids) =>
      send(
        new DescribeTasksCommand({ cluster, tasks: ids }),
      ) as Promise<DescribeTasksCommandOutput>,
  });

  const batched = Object.create(ecs) as ECSClient;
  Object.defineProperty(batched, 'send', {
    value: async (command: unknown, ...rest: unknown[]) => {
      if (rest.length === 0 && command instanceof DescribeServicesCommand) {
        const { cluster, services: ids } = command.input;
        if (cluster && ids?.length && onlyClusterAnd(command.input, 'services'))
          return servicesPart(await services.request(cluster, ids), ids);
      }
      if (rest.length === 0 && command instanceof DescribeTasksCommand) {
        const { cluster, tasks: ids } = command.input;
        if (cluster && ids?.length && onlyClusterAnd(command.input, 'tasks'))
          return tasksPart(await tasks.request(cluster, ids), ids);
      }
      return send(command, ...rest);
    },
  });
  return batched;
}
