/**
 * Sweep benchmark: what the background sweep (src/sweep) costs in AWS calls on the fleet of
 * bench/fleet.ts (1,000 services in 100 VPCs across 3 regions, the sandbox over HTTP with
 * AWS's documented throttling), and the shortest interval it can sustain. Runs the plugin's
 * own Sweeper, SweepStore (SQLite in memory) and IncidentNotifier over the service, twice: a
 * first sweep, then the next interval's sweep with nothing changed. Measures only; it asserts
 * nothing.
 *
 *   yarn bench:sweep [--services 1000] [--vpcs 100] [--json] ...   (or yarn bench --sweep)
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  AWS_DOCUMENTED_REQUEST_RATES,
  AwsActionGroup,
  DEFAULT_REQUEST_RATES,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import knexFactory from 'knex';
import { readFargateEndpointsSettings } from '../src/service/config';
import { DefaultFargateEndpointsService } from '../src/service/DefaultFargateEndpointsService';
import { SweepSummary, Sweeper } from '../src/sweep/Sweeper';
import { DatabaseSweepStore } from '../src/sweep/DatabaseSweepStore';
import { startFleetSandbox } from './fleet';
import { LoggedCall, round, tally, warmReports } from './measure';
import { BenchOptions, parseArgs } from './options';
import { entityOf } from './outcome';
import { runBench } from './runBench';
import {
  countingLogger,
  fleetConfig,
  IndexedCatalogClient,
  InMemoryJsonCache,
  pluginAuth,
  userCredentials,
} from './standIns';
import type { LoggedCalls } from './sandboxProcess';

/** One documented bucket's use by one sweep: its busiest account and region. */
interface BucketUse {
  group: AwsActionGroup;
  /** Where the group's calls are most (account/region). */
  busiest: string;
  /** Calls the throttle let through in that bucket (a refused call takes no token). */
  calls: number;
  /** AWS's documented bucket. */
  burst: number;
  refillPerSecond: number;
  /** Seconds of the bucket's refill the calls take: calls / refill. */
  refillSeconds: number;
  /** Share of the bucket's refill over one interval at the default cadence. */
  shareOfInterval: number;
  /** Seconds at the plugin's own pacing (DEFAULT_REQUEST_RATES): calls / paced refill. */
  pacedSeconds: number;
}

interface SweepFigures {
  wallSeconds: number;
  summary: SweepSummary;
  ec2ByAction: Record<string, number>;
  ecsByAction: Record<string, number>;
  ec2Total: number;
  ecsTotal: number;
  refused: number;
  buckets: BucketUse[];
  /** The largest of the buckets' refill seconds and the wall time. */
  sustainableSeconds: number;
  binding: string;
  notifications: number;
  warnings: number;
}

function bucketUse(logged: LoggedCalls, intervalSeconds: number): BucketUse[] {
  const all: LoggedCall[] = [...logged.ec2, ...logged.ecs];
  const perBucket = tally(all, c =>
    c.fault === 'throttled' || !c.throttleGroup
      ? undefined
      : // Route 53 is throttled per account, every region together.
        `${c.throttleGroup}|${c.accountId}/${
          c.throttleGroup === 'route53' ? 'all regions' : c.region
        }`,
  );
  const busiest = new Map<AwsActionGroup, { where: string; calls: number }>();
  for (const [key, calls] of Object.entries(perBucket)) {
    const [group, where] = key.split('|') as [AwsActionGroup, string];
    if (!(group in AWS_DOCUMENTED_REQUEST_RATES)) continue;
    if (calls > (busiest.get(group)?.calls ?? -1))
      busiest.set(group, { where, calls });
  }
  return [...busiest.entries()].map(([group, { where, calls }]) => {
    const aws = AWS_DOCUMENTED_REQUEST_RATES[group];
    const paced = DEFAULT_REQUEST_RATES[group];
    return {
      group,
      busiest: where,
      calls,
      burst: aws.burst,
      refillPerSecond: aws.requestsPerSecond,
      refillSeconds: round(calls / aws.requestsPerSecond, 2),
      shareOfInterval: calls / (aws.requestsPerSecond * intervalSeconds),
      pacedSeconds: round(calls / paced.requestsPerSecond, 2),
    };
  });
}

async function measuredSweep(
  sweeper: Sweeper,
  sandbox: Awaited<ReturnType<typeof startFleetSandbox>>['sandbox'],
  intervalSeconds: number,
  counters: { sent: NotificationSendOptions[]; warn: () => number },
): Promise<SweepFigures> {
  const sentBefore = counters.sent.length;
  const warnBefore = counters.warn();
  const started = performance.now();
  const summary = await sweeper.run();
  const wallSeconds = round((performance.now() - started) / 1000, 2);
  const logged = await sandbox.calls();
  const buckets = bucketUse(logged, intervalSeconds);
  const slowest = [...buckets].sort(
    (a, b) => b.refillSeconds - a.refillSeconds,
  )[0];
  const bucketBinds = slowest && slowest.refillSeconds > wallSeconds;
  return {
    wallSeconds,
    summary,
    // The EC2 sandbox also answers Route 53, EFS and ECR: each call under its own service.
    ec2ByAction: tally(logged.ec2, c => `${c.service}:${c.action}`),
    ecsByAction: tally(logged.ecs, c => c.action),
    ec2Total: logged.ec2.length,
    ecsTotal: logged.ecs.length,
    refused: [...logged.ec2, ...logged.ecs].filter(c => c.fault === 'throttled')
      .length,
    buckets,
    sustainableSeconds: bucketBinds ? slowest.refillSeconds : wallSeconds,
    binding: bucketBinds
      ? `${slowest.group} in ${slowest.busiest} (${slowest.calls} calls / ${slowest.refillPerSecond} per s)`
      : 'the sweep wall time',
    notifications: counters.sent.length - sentBefore,
    warnings: counters.warn() - warnBefore,
  };
}

const pct = (share: number) => `${round(share * 100, 1)} %`;

function printSweep(
  label: string,
  f: SweepFigures,
  o: BenchOptions,
  intervalSeconds: number,
  lines: string[],
) {
  const row = (name: string, value: string | number) =>
    lines.push(`  ${name.padEnd(46)} ${String(value).padStart(10)}`);
  lines.push('', label);
  row(
    'Services swept (checked / in the catalog)',
    `${f.summary.checked} / ${f.summary.entities}`,
  );
  row('Services the sweep could not check', f.summary.failed);
  row('Incidents opened / closed', `${f.summary.opened} / ${f.summary.closed}`);
  row('Notifications sent', f.notifications);
  row('Sweep wall time (s)', f.wallSeconds);
  row('EC2 calls (with Route 53, EFS, ECR)', f.ec2Total);
  for (const [action, n] of Object.entries(f.ec2ByAction).sort())
    row(`  ${action}`, n);
  row('ECS calls', f.ecsTotal);
  for (const [action, n] of Object.entries(f.ecsByAction).sort())
    row(`  ecs:${action}`, n);
  row('AWS calls per sweep', f.ec2Total + f.ecsTotal);
  row('Calls refused by the throttle', f.refused);
  row('Served-stale or cache warnings logged', f.warnings);
  row(
    `AWS calls per ${intervalSeconds} s interval (one sweep)`,
    f.ec2Total + f.ecsTotal,
  );
  row(
    'Average calls per second per region',
    round((f.ec2Total + f.ecsTotal) / o.regions.length / intervalSeconds, 2),
  );
  lines.push(
    `  Documented buckets (busiest account/region of each; share = calls / (refill x ${intervalSeconds} s)):`,
  );
  lines.push(
    `    ${'group'.padEnd(22)} ${'where'.padEnd(26)} ${'calls'.padStart(
      6,
    )} ${'bucket'.padStart(9)} ${'share'.padStart(
      8,
    )} ${'calls/refill s'.padStart(15)} ${'at pacing s'.padStart(12)}`,
  );
  for (const b of f.buckets) {
    lines.push(
      `    ${b.group.padEnd(22)} ${b.busiest.padEnd(26)} ${String(
        b.calls,
      ).padStart(6)} ${`${b.burst}/${b.refillPerSecond}`.padStart(9)} ${pct(
        b.shareOfInterval,
      ).padStart(8)} ${String(b.refillSeconds).padStart(15)} ${String(
        b.pacedSeconds,
      ).padStart(12)}`,
    );
  }
  row('Shortest sustainable interval (s)', f.sustainableSeconds);
  lines.push(
    `    bound by ${f.binding} (the larger of the busiest bucket's calls / refill and the wall time)`,
  );
  const paced = [...f.buckets].sort(
    (a, b) => b.pacedSeconds - a.pacedSeconds,
  )[0];
  if (paced)
    lines.push(
      `    back to back, with no burst left, the plugin's own pacing needs ${paced.pacedSeconds} s (${paced.group})`,
    );
}

/** The sweep benchmark (`yarn bench:sweep`, `yarn bench --sweep`). */
export async function main(argv: string[]) {
  const o = parseArgs(argv);
  const { plans, sandbox } = await startFleetSandbox(o);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  try {
    const config = fleetConfig(o);
    const settings = readFargateEndpointsSettings(config);
    const intervalSeconds = settings.sweep.frequencyMs / 1000;
    const logger = countingLogger();
    // The next interval's sweep runs on a clock moved on by one interval, as it would: reads
    // of the previous sweep are older than the cache's minimum refresh interval.
    let clockOffsetMs = 0;
    const now = () => Date.now() + clockOffsetMs;
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
      now,
    });
    const sent: NotificationSendOptions[] = [];
    const notifications: NotificationService = {
      async send(options) {
        sent.push(options);
      },
    };
    const sweeper = Sweeper.forService({
      service,
      store,
      notifications,
      catalog,
      auth: pluginAuth,
      logger,
      settings,
      now,
      runner: 'bench',
    });
    const counters = { sent, warn: () => logger.counts.warn };

    const first = await measuredSweep(
      sweeper,
      sandbox,
      intervalSeconds,
      counters,
    );
    // One interval later: the buckets refilled (at the default cadence they refill in seconds).
    clockOffsetMs += settings.sweep.frequencyMs;
    await sandbox.reset(true);
    const second = await measuredSweep(
      sweeper,
      sandbox,
      intervalSeconds,
      counters,
    );
    // Cards once the sweep has run: served from its results, no AWS call expected.
    const { warm, calls: warmCalls } = await warmReports(
      o,
      plans,
      service,
      sandbox,
      userCredentials,
    );
    const warmAwsCalls = warmCalls.ec2.length + warmCalls.ecs.length;

    if (o.json) {
      process.stdout.write(
        `${JSON.stringify(
          {
            options: o,
            intervalSeconds,
            documentedBuckets: AWS_DOCUMENTED_REQUEST_RATES,
            pacing: DEFAULT_REQUEST_RATES,
            first,
            second,
            warm: { ...warm, awsCalls: warmAwsCalls },
          },
          null,
          2,
        )}\n`,
      );
      return;
    }
    const lines = [
      `Sweep of ${o.services} services in ${Math.min(
        o.vpcs,
        o.services,
      )} VPCs across ${
        o.regions.length
      } regions; sandbox over HTTP on loopback, ${
        o.latencyMs
      } ms per call, AWS's documented throttling`,
      `Default cadence (fargateEndpoints.sweep.frequency): every ${intervalSeconds} s; ${
        settings.overviewConcurrency
      } services checked at once; the plugin paces at ${Math.round(
        (settings.aws.requestRates['ec2-describe'].requestsPerSecond / 20) *
          100,
      )} % of each bucket (EC2 Describe* ${
        settings.aws.requestRates['ec2-describe'].requestsPerSecond
      } of AWS's 20 per s)`,
    ];
    printSweep(
      'First sweep (nothing read before):',
      first,
      o,
      intervalSeconds,
      lines,
    );
    printSweep(
      'Next interval, nothing changed in AWS:',
      second,
      o,
      intervalSeconds,
      lines,
    );
    const total = (f: SweepFigures) => f.ec2Total + f.ecsTotal;
    const byAction = (f: SweepFigures) => ({
      ...f.ec2ByAction,
      ...Object.fromEntries(
        Object.entries(f.ecsByAction).map(([a, n]) => [`ecs:${a}`, n]),
      ),
    });
    const before = byAction(first);
    const after = byAction(second);
    const fewer = Object.entries(before)
      .filter(([action, n]) => (after[action] ?? 0) < n)
      .map(([action, n]) => `${action} ${n} -> ${after[action] ?? 0}`);
    lines.push(
      '',
      `The unchanged sweep made ${total(second)} AWS calls, ${pct(
        total(second) / Math.max(1, total(first)),
      )} of the first: ${
        fewer.length
          ? `it re-reads the rest but not ${fewer.join(', ')}`
          : 'it re-reads everything'
      }.`,
    );
    lines.push(
      '',
      `Cards after the sweep (served from its results, as with the sweep on): ${warm.requests} reports, ${o.warmConcurrency} at once`,
      `  latency p50 / p95 / max (ms)                 ${warm.p50Ms} / ${warm.p95Ms} / ${warm.maxMs}`,
      `  AWS calls they made                          ${warmAwsCalls}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await knex.destroy();
    await sandbox.stop();
  }
}

if (require.main === module) runBench(() => main(process.argv.slice(2)));
