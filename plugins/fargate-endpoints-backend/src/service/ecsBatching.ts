/**
 * An ECS client that answers concurrent DescribeServices calls of one cluster with one call
 * (up to 10 services), concurrent DescribeTasks calls of one cluster with one call (up to
 * 100 tasks) and concurrent ListTasks calls for the stopped tasks of several services of one
 * cluster with one cluster-wide ListTasks. The engine reads one service at a time; a fleet
 * sweep reads many at once, and ECS counts each call against its throttle, not each service.
 */
import {
  DescribeServicesCommand,
  DescribeServicesCommandOutput,
  DescribeTasksCommand,
  DescribeTasksCommandOutput,
  ECSClient,
  ListTasksCommand,
  ListTasksCommandOutput,
} from '@aws-sdk/client-ecs';
import {
  ECS_DESCRIBE_SERVICES_MAX,
  ECS_DESCRIBE_TASKS_MAX,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { CallBatcher } from './callBatcher';

/** Task ARNs one ListTasks page holds at most (ECS API Reference, ListTasks maxResults). */
const LIST_TASKS_MAX = 100;

/** The stopped tasks of several services of one cluster: one listing for all, or one each. */
type StoppedListing =
  | { clusterWide: ListTasksCommandOutput }
  | { perService: Map<string, PromiseSettledResult<ListTasksCommandOutput>> };

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

  // ListTasks STOPPED of several services of one cluster: one cluster-wide page lists them
  // all (the engine describes what is listed and keeps its own service's tasks). When the
  // page is not the whole list, each service is listed on its own instead, so a busy
  // neighbour never hides a service's stopped tasks. The batch key carries maxResults.
  const stopped = new CallBatcher<StoppedListing>({
    maxIds: ECS_DESCRIBE_SERVICES_MAX,
    windowMs: options.windowMs,
    call: async (key, names) => {
      const [cluster, max] = splitKey(key);
      const listOne = (serviceName: string) =>
        send(
          new ListTasksCommand({
            cluster,
            serviceName,
            desiredStatus: 'STOPPED',
            maxResults: max,
          }),
        ) as Promise<ListTasksCommandOutput>;
      if (names.length > 1) {
        const all = (await send(
          new ListTasksCommand({
            cluster,
            desiredStatus: 'STOPPED',
            maxResults: LIST_TASKS_MAX,
          }),
        )) as ListTasksCommandOutput;
        if (!all.nextToken) return { clusterWide: all };
      }
      // Each service's own answer, a failure (its service gone) included.
      const each = await Promise.allSettled(names.map(listOne));
      return { perService: new Map(names.map((n, i) => [n, each[i]])) };
    },
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
      if (rest.length === 0 && command instanceof ListTasksCommand) {
        const { cluster, serviceName, desiredStatus, maxResults } =
          command.input;
        const mergeable = Object.entries(command.input).every(
          ([key, value]) =>
            value === undefined ||
            ['cluster', 'serviceName', 'desiredStatus', 'maxResults'].includes(
              key,
            ),
        );
        if (
          cluster &&
          serviceName &&
          desiredStatus === 'STOPPED' &&
          mergeable
        ) {
          const listing = await stopped.request(
            `${maxResults ?? LIST_TASKS_MAX}|${cluster}`,
            [serviceName],
          );
          if ('clusterWide' in listing) return listing.clusterWide;
          const own = listing.perService.get(serviceName)!;
          if (own.status === 'rejected') throw own.reason;
          return own.value;
        }
      }
      return send(command, ...rest);
    },
  });
  return batched;
}

function splitKey(key: string): [string, number] {
  const bar = key.indexOf('|');
  return [key.slice(bar + 1), Number(key.slice(0, bar))];
}
