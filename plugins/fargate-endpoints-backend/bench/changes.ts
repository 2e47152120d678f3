/**
 * Detection latency benchmark: from a change in the sandbox (an `ecr.api` endpoint deleted
 * through its control routes) to the owner's notification, through the event path the portal
 * runs: the sandbox's queue of CloudTrail events, read over SQS with the real SQS client as
 * `@backstage/plugin-events-backend-module-aws-sqs` reads it (ReceiveMessage long polling,
 * DeleteMessageBatch), published on an events service, mapped and re-checked by the plugin's
 * ChangeWatcher and Sweeper, told by its notifier. Each change is restored (and its recovery
 * awaited) before the next. Beside it, the same change found by the sweep alone: a change
 * lands at a uniformly random moment of the interval, so it waits on average half an
 * interval, then the sweep's own duration (measured here). Measures only; asserts nothing.
 *
 *   yarn bench:changes [--changes 50] [--services 200] [--vpcs 20] ...
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type {
  EventParams,
  EventsService,
  EventsServiceSubscribeOptions,
} from '@backstage/plugin-events-node';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  AwsSandbox,
  createFleetWorld,
  describeFleet,
  SandboxChangeQueue,
  startSandboxServer,
} from '@fargate-endpoints/aws-sandbox';
import knexFactory from 'knex';
import { ChangeWatcher, ResourceIndex } from '../src/changes/ChangeWatcher';
import { readFargateEndpointsSettings } from '../src/service/config';
import { DefaultFargateEndpointsService } from '../src/service/DefaultFargateEndpointsService';
import { Sweeper } from '../src/sweep/Sweeper';
import { DatabaseSweepStore } from '../src/sweep/DatabaseSweepStore';
import { runBench } from './runBench';
import { percentile, round } from './measure';
import { parseArgs } from './options';
import { entityOf } from './outcome';
import {
  countingLogger,
  fleetConfig,
  IndexedCatalogClient,
  InMemoryJsonCache,
  pluginAuth,
} from './standIns';

/** An events service that hands each event to the subscribers of its topic. */
function inMemoryEvents(): EventsService {
  const subscribers: EventsServiceSubscribeOptions[] = [];
  return {
    async publish(params: EventParams) {
      for (const s of subscribers)
        if (s.topics.includes(params.topic)) await s.onEvent(params);
    },
    async subscribe(options) {
      subscribers.push(options);
    },
  };
}

/** The SQS module's loop: receive (long polling), publish each body, delete the batch. */
function pollQueue(
  sqs: SQSClient,
  queueUrl: string,
  events: EventsService,
  topic: string,
  stopped: () => boolean,
): Promise<void> {
  return (async () => {
    while (!stopped()) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      for (const m of Messages)
        await events.publish({ topic, eventPayload: JSON.parse(m.Body!) });
      if (Messages.length)
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, i) => ({
              Id: String(i),
              ReceiptHandle: m.ReceiptHandle,
            })),
          }),
        );
    }
  })();
}

async function until(
  probe: () => boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise(r => setTimeout(r, 10));
  }
  return true;
}

async function main(argv: string[]) {
  const at = argv.indexOf('--changes');
  const changes = at >= 0 ? Number(argv[at + 1]) : 50;
  const o = parseArgs(
    at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv,
  );
  if (!argv.includes('--services')) o.services = 200;
  if (!argv.includes('--vpcs')) o.vpcs = 20;
  const fleet = {
    services: o.services,
    vpcs: o.vpcs,
    accounts: o.accounts,
    regions: o.regions,
  };
  const plans = describeFleet(fleet);
  const queue = new SandboxChangeQueue();
  const sandbox = new AwsSandbox(createFleetWorld(fleet), {
    latencyMs: o.latencyMs,
  });
  const server = await startSandboxServer(sandbox, {
    control: { initialWorld: () => createFleetWorld(fleet), changes: queue },
  });
  for (const name of [
    'EC2',
    'ECS',
    'ROUTE_53',
    'ROUTE53PROFILES',
    'EFS',
    'ECR',
    'STS',
  ])
    process.env[`AWS_ENDPOINT_URL_${name}`] = server.url;
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const sqs = new SQSClient({
    region: o.regions[0],
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
  });
  let stop = false;
  let polling: Promise<void> | undefined;
  try {
    const config = fleetConfig(o);
    const settings = readFargateEndpointsSettings(config);
    const logger = countingLogger();
    const database: DatabaseService = { getClient: async () => knex };
    const store = await DatabaseSweepStore.create(database);
    const catalog = new IndexedCatalogClient(plans.map(entityOf));
    const service = DefaultFargateEndpointsService.create({
      catalog,
      cache: new InMemoryJsonCache(),
      logger,
      settings,
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
      store,
    });
    const sent: Array<{ at: number; options: NotificationSendOptions }> = [];
    const notifications: NotificationService = {
      async send(options) {
        sent.push({ at: Date.now(), options });
      },
    };
    const resources = new ResourceIndex();
    const sweeper = Sweeper.forService({
      service,
      store,
      notifications,
      catalog,
      auth: pluginAuth,
      logger,
      settings,
      now: Date.now,
      runner: 'bench',
      resources,
    });
    const events = inMemoryEvents();
    const watcher = new ChangeWatcher({
      events,
      topic: settings.changes.topic,
      index: resources,
      recheck: sweeper,
      logger,
      gatherMs: settings.changes.gatherMs,
    });
    await watcher.start();

    const sweepStarted = performance.now();
    await sweeper.run();
    const sweepSeconds = (performance.now() - sweepStarted) / 1000;

    // VPCs whose services are all ready: deleting ecr.api breaks each of them.
    const latest = await store.latestMany(
      plans.map(p => `component:default/${p.serviceName}`),
    );
    const byVpc = new Map<string, boolean>();
    for (const result of latest.values()) {
      const vpcId = result.report.target.vpcId;
      if (!vpcId) continue;
      byVpc.set(
        vpcId,
        (byVpc.get(vpcId) ?? true) && result.report.verdict === 'ready',
      );
    }
    const ready = [...byVpc].filter(([, ok]) => ok).map(([id]) => id);
    if (!ready.length) throw new Error('no VPC whose services are all ready');

    const queueUrl = `${server.url}/000000000000/fargate-endpoints-changes`;
    polling = pollQueue(
      sqs,
      queueUrl,
      events,
      settings.changes.topic,
      () => stop,
    );
    const latencies: number[] = [];
    let missed = 0;
    for (let i = 0; i < changes; i += 1) {
      const vpcId = ready[i % ready.length];
      const before = sent.length;
      const started = Date.now();
      const deleted = await fetch(
        `${server.url}/_sandbox/vpcs/${vpcId}/endpoints/ecr.api`,
        { method: 'DELETE' },
      ).then(r => r.json());
      const told = await until(() => sent.length > before, 60_000);
      if (told) latencies.push(sent[before].at - started);
      else missed += 1;
      const afterBreak = sent.length;
      await fetch(`${server.url}/_sandbox/vpcs/${vpcId}/endpoints`, {
        method: 'PUT',
        body: JSON.stringify(deleted.endpoint),
      });
      await until(() => sent.length > afterBreak, 60_000);
    }

    const sorted = [...latencies].sort((a, b) => a - b);
    const intervalSeconds = settings.sweep.frequencyMs / 1000;
    const sweepAlone = (q: number) =>
      round(q * intervalSeconds + sweepSeconds, 1);
    const s = (ms: number) => round(ms / 1000, 2);
    process.stdout.write(
      [
        `Detection latency: ${changes} changes (ecr.api deleted, then restored) in ${ready.length} VPCs of a fleet of ${o.services} services in ${o.vpcs} VPCs; sandbox over HTTP, ${o.latencyMs} ms per call`,
        `  event path (CloudTrail event -> SQS -> events service -> re-check -> notification), gather ${
          settings.changes.gatherMs / 1000
        } s:`,
        `    p50 / p95 / max (s)          ${s(percentile(sorted, 50))} / ${s(
          percentile(sorted, 95),
        )} / ${s(Math.max(...latencies))}`,
        `    changes never told           ${missed}`,
        `  sweep alone, every ${intervalSeconds} s (a sweep of this fleet took ${round(
          sweepSeconds,
          1,
        )} s; a change waits a uniform share of the interval, then a sweep):`,
        `    p50 / p95 (s)                ${sweepAlone(0.5)} / ${sweepAlone(
          0.95,
        )}`,
        '',
      ].join('\n'),
    );
  } finally {
    stop = true;
    await polling?.catch(() => undefined);
    sqs.destroy();
    await knex.destroy();
    await server.close();
  }
}

if (require.main === module) runBench(() => main(process.argv.slice(2)));
