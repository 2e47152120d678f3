/**
 * Fleet benchmark: the backend service against a 1,000-service fleet in the local AWS sandbox,
 * served over real HTTP on loopback with per-call latency and EC2-style throttling, beside a
 * naive per-service checker on the same fleet. Prints what a platform team would ask: AWS calls
 * per VPC and in total, wall time against the throttle's floor, warm latency, memory, and
 * reports lost. Measures only; it asserts nothing.
 *
 *   yarn bench [--services 1000] [--vpcs 100] [--json] ...   (see --help)
 *   yarn bench --sweep ...   the background sweep's cost instead (bench/sweep.ts)
 *
 * bench/sweep.ts reuses this file's fleet, sandbox process and service set-up (the exports).
 */
import { fork, ChildProcess } from 'node:child_process';
import { writeHeapSnapshot } from 'node:v8';
import { ConfigReader } from '@backstage/config';
import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { JsonValue } from '@backstage/types';
import {
  AWS_DOCUMENTED_THROTTLE,
  describeFleet,
  fleetAccessKeyId,
  fleetAccountIds,
  FleetServicePlan,
  throttlePolicy,
  ThrottleGroup,
  ThrottleSetting,
} from '@fargate-endpoints/aws-sandbox';
import type {
  CheckReport,
  OverviewService,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  createAwsClients,
  createAwsReader,
  destroyAwsClients,
  AwsClients,
  DEFAULT_REQUEST_RATES,
  runCheck,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { DefaultFargateEndpointsService } from '../src/service/DefaultFargateEndpointsService';
import { mapWithConcurrency } from '../src/service/overview';
import type {
  LoggedCalls,
  SandboxProcessOptions,
  SandboxRequest,
} from './sandboxProcess';

// ---------------------------------------------------------------- options

/** The benchmark's options (`--help`). */
export interface BenchOptions {
  services: number;
  accounts: number;
  vpcs: number;
  regions: string[];
  latencyMs: number;
  ec2Burst: number;
  ec2Refill: number;
  ecsBurst: number;
  ecsRefill: number;
  concurrency: number;
  warmRequests: number;
  warmConcurrency: number;
  naive: boolean;
  json: boolean;
  noThrottle?: boolean;
}

const DEFAULTS: BenchOptions = {
  services: 1000,
  accounts: 1,
  vpcs: 100,
  regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
  latencyMs: 50,
  // AWS's documented buckets per account, region and action group (the sandbox's default,
  // see packages/aws-sandbox/src/throttle.ts): EC2 Describe* 100 / 20 per second, ECS
  // DescribeServices 100 / 20, tasks 100 / 20, task definitions 50 / 20. The flags override
  // the EC2 Describe* bucket (--burst/--refill) or every ECS bucket alike (--ecs-*).
  ec2Burst: -1,
  ec2Refill: -1,
  ecsBurst: -1,
  ecsRefill: -1,
  concurrency: 100,
  warmRequests: 2000,
  warmConcurrency: 10,
  naive: true,
  json: false,
};

const HELP = `yarn bench [options]
  --services N          services in the fleet (${DEFAULTS.services})
  --vpcs N              VPCs they spread over, round robin (${DEFAULTS.vpcs})
  --accounts N          accounts the VPCs spread over, round robin (${
    DEFAULTS.accounts
  })
  --regions a,b,c       regions the VPCs spread over (${DEFAULTS.regions.join(
    ',',
  )})
  --latency MS          sandbox latency per call (${DEFAULTS.latencyMs})
  --burst N             EC2 Describe* bucket size per account and region (AWS: 100)
  --refill N            EC2 Describe* refill per second (AWS: 20)
  --ecs-burst N         every ECS group's bucket size (AWS: 100 services/tasks, 50 task definitions)
  --ecs-refill N        every ECS group's refill per second (AWS: 20)
  --no-throttle         no throttling at all
  --concurrency N       services checked at once, by both approaches (${
    DEFAULTS.concurrency
  })
  --warm N              warm report requests (${DEFAULTS.warmRequests})
  --warm-concurrency N  warm requests in flight (${DEFAULTS.warmConcurrency})
  --no-naive            skip the naive per-service run
  --json                machine-readable output
  --sweep               the background sweep's cost instead (bench/sweep.ts; the options
                        above but --warm, --warm-concurrency and --no-naive apply)`;

/** Reads the command line; `--help` prints the options and exits. */
export function parseArgs(argv: string[]): BenchOptions {
  const o = { ...DEFAULTS };
  const int = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) {
      throw new Error(`${flag} needs a number, got ${value}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => argv[++i];
    switch (flag) {
      case '--services':
        o.services = int(flag, next());
        break;
      case '--vpcs':
        o.vpcs = int(flag, next());
        break;
      case '--accounts':
        o.accounts = int(flag, next());
        break;
      case '--regions':
        o.regions = next().split(',').filter(Boolean);
        break;
      case '--latency':
        o.latencyMs = int(flag, next());
        break;
      case '--burst':
        o.ec2Burst = int(flag, next());
        break;
      case '--refill':
        o.ec2Refill = int(flag, next());
        break;
      case '--ecs-burst':
        o.ecsBurst = int(flag, next());
        break;
      case '--ecs-refill':
        o.ecsRefill = int(flag, next());
        break;
      case '--no-throttle':
        o.ec2Burst = 0;
        o.ecsBurst = 0;
        o.noThrottle = true;
        break;
      case '--concurrency':
        o.concurrency = int(flag, next());
        break;
      case '--warm':
        o.warmRequests = int(flag, next());
        break;
      case '--warm-concurrency':
        o.warmConcurrency = int(flag, next());
        break;
      case '--no-naive':
        o.naive = false;
        break;
      case '--json':
        o.json = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${HELP}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${HELP}`);
    }
  }
  return o;
}

// ---------------------------------------------------------------- measuring

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
/** `n` rounded to `digits` decimals. */
export const round = (n: number, digits = 1) =>
  Math.round(n * 10 ** digits) / 10 ** digits;

/** Samples RSS and heap every 20 ms; the high-water marks of the current phase. */
/**
 * The heap still in use after a full collection (what the backend keeps: caches, catalog,
 * code), when node runs with --expose-gc as `yarn bench` does. The peaks above also count
 * the garbage of the sweep's parsing that V8 had not collected yet.
 */
function retainedHeapMb(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return mb(process.memoryUsage().heapUsed);
}

class MemorySampler {
  private peakRss = 0;
  private peakHeap = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor() {
    this.timer = setInterval(() => this.sample(), 20);
    this.timer.unref();
  }

  sample() {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeap = Math.max(this.peakHeap, heapUsed);
  }

  /** The peaks since the last reset, in MB, and starts over. */
  take(): { rssMb: number; heapMb: number; retainedMb?: number } {
    this.sample();
    const peaks = {
      rssMb: mb(this.peakRss),
      heapMb: mb(this.peakHeap),
      retainedMb: retainedHeapMb(),
    };
    this.peakRss = 0;
    this.peakHeap = 0;
    return peaks;
  }

  stop() {
    clearInterval(this.timer);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

interface CallFigures {
  ec2Total: number;
  ecsTotal: number;
  ec2Throttled: number;
  ecsThrottled: number;
  /** EC2 calls per VPC (vpc-id filter or VpcId parameter), over the VPCs read. */
  perVpc: { vpcs: number; max: number; mean: number };
  /** EC2 calls that name no VPC, per action (DHCP options, subnet look-ups, S3 prefix list). */
  ec2WithoutVpc: Record<string, number>;
  ec2PerRegion: Record<string, number>;
  ecsPerRegion: Record<string, number>;
  /** Calls the throttle let through (a refused call takes no token), per region. */
  ec2AcceptedPerRegion: Record<string, number>;
  ecsAcceptedPerRegion: Record<string, number>;
  ecsPerAction: Record<string, number>;
  /** Route 53, EFS, ECR and STS calls per action (`<action> (throttled)` for refused ones). */
  otherPerAction: Record<string, number>;
}

/** One AWS call the sandbox logged. */
export type LoggedCall = LoggedCalls['ec2'][number];

/** Calls counted by `key` (calls it maps to undefined are left out). */
export function tally(
  calls: LoggedCall[],
  key: (c: LoggedCall) => string | undefined,
) {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    const k = key(call);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** The EC2 sandbox's log split into its EC2 calls and the rest (Route 53, EFS, ECR, STS). */
function splitEc2Log(
  logged: LoggedCalls,
): LoggedCalls & { other: LoggedCall[] } {
  return {
    ec2: logged.ec2.filter(c => c.service === 'ec2'),
    ecs: logged.ecs,
    other: logged.ec2.filter(c => c.service !== 'ec2'),
  };
}

function callFigures(logged: LoggedCalls): CallFigures {
  const { ec2, ecs, other } = splitEc2Log(logged);
  const perVpc = Object.values(tally(ec2, c => c.vpcId));
  return {
    ec2Total: ec2.length,
    ecsTotal: ecs.length,
    otherPerAction: tally(other, c =>
      c.fault === 'throttled' ? `${c.action} (throttled)` : c.action,
    ),
    ec2Throttled: ec2.filter(c => c.fault === 'throttled').length,
    ecsThrottled: ecs.filter(c => c.fault === 'throttled').length,
    perVpc: {
      vpcs: perVpc.length,
      max: perVpc.length ? Math.max(...perVpc) : 0,
      mean: perVpc.length
        ? round(perVpc.reduce((a, b) => a + b, 0) / perVpc.length, 2)
        : 0,
    },
    ec2WithoutVpc: tally(ec2, c => (c.vpcId ? undefined : c.action)),
    ec2PerRegion: tally(ec2, c => c.region),
    ecsPerRegion: tally(ecs, c => c.region),
    ec2AcceptedPerRegion: tally(ec2, c =>
      c.fault === 'throttled' ? undefined : c.region,
    ),
    ecsAcceptedPerRegion: tally(ecs, c =>
      c.fault === 'throttled' ? undefined : c.region,
    ),
    ecsPerAction: tally(ecs, c => c.action),
  };
}

/** The sandbox's throttle settings for these options. */
export function throttleSettings(o: BenchOptions): {
  ec2: ThrottleSetting;
  ecs: ThrottleSetting;
} {
  if (o.noThrottle) return { ec2: false, ecs: false };
  const ec2: Partial<
    Record<ThrottleGroup, { burst: number; refillPerSecond: number }>
  > = {};
  if (o.ec2Burst > 0 || o.ec2Refill > 0) {
    ec2['ec2-describe'] = {
      burst: o.ec2Burst > 0 ? o.ec2Burst : 100,
      refillPerSecond: o.ec2Refill > 0 ? o.ec2Refill : 20,
    };
  }
  const ecs: Partial<
    Record<ThrottleGroup, { burst: number; refillPerSecond: number }>
  > = {};
  if (o.ecsBurst > 0 || o.ecsRefill > 0) {
    for (const group of [
      'ecs-services',
      'ecs-tasks',
      'ecs-task-definitions',
      'ecs-clusters',
    ] as ThrottleGroup[]) {
      ecs[group] = {
        burst:
          o.ecsBurst > 0 ? o.ecsBurst : AWS_DOCUMENTED_THROTTLE[group].burst,
        refillPerSecond:
          o.ecsRefill > 0
            ? o.ecsRefill
            : AWS_DOCUMENTED_THROTTLE[group].refillPerSecond,
      };
    }
  }
  return { ec2, ecs };
}

/**
 * Seconds the throttle alone needs for the calls it let through: for every account, region
 * and action group, (calls - burst) / refill; the binding floor is the largest of them.
 */
function groupFloors(
  logged: LoggedCalls,
  o: BenchOptions,
): { seconds: number; binding: string } {
  const { ec2, ecs } = throttleSettings(o);
  const policies = { ec2: throttlePolicy(ec2), ecs: throttlePolicy(ecs) };
  let seconds = 0;
  let binding = 'none';
  const split = splitEc2Log(logged);
  for (const service of ['ec2', 'ecs', 'other'] as const) {
    // The EC2 sandbox, whose policy holds the Route 53/EFS/ECR groups, answers 'other'.
    const policy = policies[service === 'other' ? 'ec2' : service];
    if (!policy) continue;
    const counts = tally(split[service], c =>
      c.fault === 'throttled'
        ? undefined
        : // Route 53 is throttled per account, every region together.
          `${c.accountId}|${
            c.throttleGroup === 'route53' ? 'all regions' : c.region
          }|${c.throttleGroup}`,
    );
    for (const [key, calls] of Object.entries(counts)) {
      const group = key.split('|')[2] as ThrottleGroup;
      const bucket = policy[group];
      if (!bucket) continue;
      const floor = Math.max(
        0,
        (calls - bucket.burst) / bucket.refillPerSecond,
      );
      if (floor > seconds) {
        seconds = floor;
        binding = `${group} in ${key.split('|')[1]} (${calls} calls, bucket ${
          bucket.burst
        } / ${bucket.refillPerSecond} per s)`;
      }
    }
  }
  return { seconds: round(seconds, 2), binding };
}

// ---------------------------------------------------------------- the fleet

/** The catalog entity of one fleet service, owned by `team-fleet`. */
export function entityOf(plan: FleetServicePlan): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: plan.serviceName,
      namespace: 'default',
      annotations: {
        'aws.amazon.com/amazon-ecs-service-arn': plan.serviceArn,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-fleet' },
  };
}

/** The verdict and error rules the fleet's design implies. */
function expectedOf(plan: FleetServicePlan): {
  verdict: string;
  rules: string[];
} {
  switch (plan.design) {
    case 'missing-ecr-api':
      return { verdict: 'not-ready', rules: ['missing-endpoint'] };
    case 's3-wrong-route-table':
      return { verdict: 'not-ready', rules: ['s3-route-table-missing'] };
    default:
      return { verdict: 'ready', rules: [] };
  }
}

interface Outcome {
  /** Unreadable or with an unknown check: the AWS read did not fully land. */
  lost: number;
  /** Read fully, but not the verdict the fleet's design implies. */
  wrong: number;
  /** Why reports were lost, by reason, most frequent first. */
  lostReasons: Array<[string, number]>;
}

function outcomeOf(
  plans: FleetServicePlan[],
  results: Array<
    { verdict: string; errorRules: string[]; unknown: string[] } | Error
  >,
): Outcome {
  let lost = 0;
  let wrong = 0;
  const reasons: Record<string, number> = {};
  results.forEach((result, i) => {
    if (result instanceof Error || result.unknown.length > 0) {
      lost += 1;
      const reason =
        result instanceof Error
          ? `${result.name}: ${result.message}`
          : result.unknown[0];
      const short = reason.replace(/svc-\d+|vpc-[0-9a-f]+/g, '…').slice(0, 90);
      reasons[short] = (reasons[short] ?? 0) + 1;
      return;
    }
    const expected = expectedOf(plans[i]);
    if (
      result.verdict !== expected.verdict ||
      expected.rules.some(r => !result.errorRules.includes(r))
    ) {
      wrong += 1;
    }
  });
  return {
    lost,
    wrong,
    lostReasons: Object.entries(reasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
  };
}

function fromOverview(service: OverviewService) {
  if (service.problem) return new Error(service.problem);
  return {
    verdict: service.verdict,
    errorRules: service.errorRules,
    unknown: [],
  };
}

function fromReport(report: CheckReport) {
  return {
    verdict: report.verdict,
    errorRules: [
      ...new Set(
        report.findings.filter(f => f.severity === 'error').map(f => f.rule),
      ),
    ],
    unknown: report.unknown.map(u => `${u.call ?? u.check}: ${u.reason}`),
  };
}

/** A logger that keeps count of warnings (served-stale reads, cache failures) and prints errors. */
export function countingLogger(
  counts = { warn: 0, error: 0 },
): LoggerService & {
  counts: typeof counts;
} {
  const logger = {
    counts,
    error: (message: string) => {
      counts.error += 1;
      process.stderr.write(`error: ${message}\n`);
    },
    warn: () => {
      counts.warn += 1;
    },
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

/**
 * Resolves with the child's next message of this type. Other messages are not ours: the
 * TypeScript transform also reports every file it compiles (`{ type: 'watch' }`).
 */
export function onAnswer<T>(
  child: ChildProcess,
  type: string,
  resolve: (message: T) => void,
) {
  const listener = (message: unknown) => {
    if ((message as { type?: string })?.type !== type) return;
    child.off('message', listener);
    resolve(message as T);
  };
  child.on('message', listener);
}

/** The sandbox process, over IPC. */
export class SandboxProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly ec2Url: string,
    readonly ecsUrl: string,
    readonly rssMb: number,
  ) {}

  static async start(options: SandboxProcessOptions): Promise<SandboxProcess> {
    const child = fork(
      require.resolve('./sandboxProcess.ts'),
      [JSON.stringify(options)],
      {
        execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const ready = await new Promise<{
      ec2Url: string;
      ecsUrl: string;
      rssMb: number;
    }>((resolve, reject) => {
      onAnswer(child, 'ready', resolve);
      child.once('exit', code =>
        reject(new Error(`the sandbox process exited with ${code}`)),
      );
    });
    return new SandboxProcess(child, ready.ec2Url, ready.ecsUrl, ready.rssMb);
  }

  private ask<T>(request: SandboxRequest, answer: string): Promise<T> {
    return new Promise(resolve => {
      onAnswer(this.child, answer, resolve);
      this.child.send(request);
    });
  }

  async calls(): Promise<LoggedCalls> {
    return (await this.ask<{ logged: LoggedCalls }>({ type: 'calls' }, 'calls'))
      .logged;
  }

  /** Forgets the call log; `rested` also refills the throttle buckets. */
  async reset(rested: boolean): Promise<void> {
    await this.ask({ type: 'reset', rested }, 'reset');
  }

  async stop(): Promise<void> {
    await this.ask({ type: 'stop' }, 'stopped');
  }
}

/**
 * The catalog's in-memory stand-in, answering by ref from an index as the real catalog does
 * (its database looks a ref up by key). `InMemoryCatalogClient` rebuilds a map of every
 * entity on each `getEntityByRef`: 10,000 entities cost it ~20 ms a call, which the warm
 * latency then measured instead of the plugin.
 */
export class IndexedCatalogClient extends InMemoryCatalogClient {
  readonly #byRef: Map<string, Entity>;

  constructor(entities: Entity[]) {
    super({ entities });
    this.#byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  }

  override async getEntityByRef(
    ref: string | CompoundEntityRef,
  ): Promise<Entity | undefined> {
    return this.#byRef.get(stringifyEntityRef(parseEntityRef(ref)));
  }
}

/**
 * An in-memory CacheService that stores JSON, as Redis or Memcache would, so that warm reads
 * pay for serialisation like a shared cache does.
 */
export class InMemoryJsonCache implements CacheService {
  constructor(
    private readonly entries = new Map<
      string,
      { json: string; expires: number }
    >(),
    private readonly defaultTtlMs = 3_600_000,
  ) {}

  async get<T extends JsonValue>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) return undefined;
    return JSON.parse(entry.json) as T;
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    const ttl =
      typeof options?.ttl === 'number' ? options.ttl : this.defaultTtlMs;
    this.entries.set(key, {
      json: JSON.stringify(value),
      expires: Date.now() + ttl,
    });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  /** MB of JSON held per kind of entry (the key up to its first `:`). */
  megabytesByKind(): Record<string, number> {
    const bytes: Record<string, number> = {};
    for (const [key, { json }] of this.entries) {
      const kind = key.split(':')[0];
      bytes[kind] = (bytes[kind] ?? 0) + json.length + key.length;
    }
    return Object.fromEntries(
      Object.entries(bytes).map(([kind, n]) => [kind, round(n / 1048576, 1)]),
    );
  }

  withOptions(options: CacheServiceOptions): CacheService {
    const ttl = options.defaultTtl;
    return new InMemoryJsonCache(
      this.entries,
      typeof ttl === 'number' ? ttl : this.defaultTtlMs,
    );
  }
}

const serviceCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'service', subject: 'plugin:fargate-endpoints' },
} as BackstageCredentials;
const userCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/platform-team' },
} as BackstageCredentials;

/** The one AuthService call the service makes (the overview reads the catalog as the plugin). */
export const pluginAuth = {
  getOwnServiceCredentials: async () => serviceCredentials,
} as unknown as AuthService;

// ---------------------------------------------------------------- phases

/** The static keys the sandbox maps to a fleet account. */
function fleetCredentials(accountId: string) {
  return {
    accessKeyId: fleetAccessKeyId(accountId),
    secretAccessKey: 'not-a-secret',
  };
}

interface PhaseResult {
  coldSeconds: number;
  /** The binding throttle floor: the slowest account, region and action group. */
  floorSeconds: number;
  binding: string;
  /** ECS calls per service, cold sweep and warm phase. */
  ecsPerServiceCold: number;
  ecsPerServiceWarm?: number;
  calls: CallFigures;
  outcome: Outcome;
  memory: { rssMb: number; heapMb: number; retainedMb?: number };
  /** What the cache service holds at the end, MB of JSON per kind of entry. */
  cacheMb?: Record<string, number>;
  warm?: { requests: number; p50Ms: number; p95Ms: number; maxMs: number };
  warnings?: number;
}

/** The backend's config for the fleet: its accounts allowed, `o.concurrency` services at once. */
export function fleetConfig(o: BenchOptions): ConfigReader {
  // Each account through its own static keys, as `aws.accounts` in app-config names them.
  const [mainAccountId, ...others] = fleetAccountIds({ accounts: o.accounts });
  return new ConfigReader({
    aws: {
      mainAccount: fleetCredentials(mainAccountId),
      accounts: others.map(accountId => ({
        accountId,
        ...fleetCredentials(accountId),
      })),
    },
    fargateEndpoints: {
      allowedAccountIds: [mainAccountId, ...others],
      overview: { maxConcurrentChecks: o.concurrency },
    },
  });
}

async function runBackend(
  o: BenchOptions,
  plans: FleetServicePlan[],
  sandbox: SandboxProcess,
  memory: MemorySampler,
): Promise<PhaseResult> {
  const config = fleetConfig(o);
  const logger = countingLogger();
  const cache = new InMemoryJsonCache();
  const service = DefaultFargateEndpointsService.fromConfig(config, {
    catalog: new IndexedCatalogClient(plans.map(entityOf)),
    cache,
    logger,
  });

  const started = performance.now();
  const overview = await service.getOverview({
    credentials: await pluginAuth.getOwnServiceCredentials(),
  });
  const coldSeconds = round((performance.now() - started) / 1000, 2);
  const logged = await sandbox.calls();
  const calls = callFigures(logged);
  const floor = groupFloors(logged, o);

  const byRef = new Map(
    overview.groups.flatMap(g => g.services.map(s => [s.entityRef, s])),
  );
  // The overview only counts unknown checks; the entity's report (cached, no AWS call) says why.
  const results = await Promise.all(
    plans.map(async plan => {
      const entityRef = `component:default/${plan.serviceName}`;
      const entry = byRef.get(entityRef);
      if (!entry) return new Error('missing from overview');
      if (entry.problem || entry.counts.unknown === 0)
        return fromOverview(entry);
      return fromReport(
        await service.getEntityReport(entityRef, {
          credentials: userCredentials,
        }),
      );
    }),
  );
  const outcome = outcomeOf(plans, results);

  // Warm: the same entities again, from the cache; no AWS call expected.
  await sandbox.reset(false);
  const credentials = userCredentials;
  const latencies: number[] = [];
  await mapWithConcurrency(
    Array.from(
      { length: o.warmRequests },
      (_, i) => plans[(i * 7919) % plans.length],
    ),
    o.warmConcurrency,
    async plan => {
      const t = performance.now();
      await service.getEntityReport(`component:default/${plan.serviceName}`, {
        credentials,
      });
      latencies.push(performance.now() - t);
    },
  );
  latencies.sort((a, b) => a - b);
  const warmCalls = await sandbox.calls();
  if (process.env.FE_BENCH_HEAP_SNAPSHOT) {
    // For memory work: what the backend holds after the sweep and the warm phase.
    process.stderr.write(
      `heap snapshot: ${writeHeapSnapshot(
        process.env.FE_BENCH_HEAP_SNAPSHOT,
      )}\n`,
    );
  }
  const warmAwsCalls = warmCalls.ec2.length + warmCalls.ecs.length;
  if (warmAwsCalls > 0) {
    process.stderr.write(
      `note: ${warmAwsCalls} AWS calls during the warm phase (cache expiry?)\n`,
    );
  }

  return {
    coldSeconds,
    floorSeconds: floor.seconds,
    binding: floor.binding,
    ecsPerServiceCold: round(calls.ecsTotal / plans.length, 3),
    ecsPerServiceWarm: round(warmCalls.ecs.length / plans.length, 3),
    calls,
    outcome,
    memory: memory.take(),
    cacheMb: cache.megabytesByKind(),
    warm: {
      requests: latencies.length,
      p50Ms: round(percentile(latencies, 50), 2),
      p95Ms: round(percentile(latencies, 95), 2),
      maxMs: round(latencies[latencies.length - 1] ?? NaN, 2),
    },
    warnings: logger.counts.warn,
  };
}

/**
 * What a script around the CLI would do: every service checked on its own with the CLI's
 * pipeline (a plain reader per service: its own ECS read, subnet look-up, VPC read and S3
 * prefix list), with the engine's defaults (SDK standard retries), no sharing, no cache, no
 * pacing; the same number of services at once.
 */
async function runNaive(
  o: BenchOptions,
  plans: FleetServicePlan[],
  sandbox: SandboxProcess,
  memory: MemorySampler,
): Promise<PhaseResult> {
  // One set of clients per account and region, each with the account's own keys.
  const clients = new Map<string, AwsClients>();
  const clientsOf = (plan: FleetServicePlan) => {
    const key = `${plan.accountId}|${plan.region}`;
    let found = clients.get(key);
    if (!found) {
      found = createAwsClients({
        region: plan.region,
        credentials: fleetCredentials(plan.accountId),
      });
      clients.set(key, found);
    }
    return found;
  };
  const started = performance.now();
  const results = await mapWithConcurrency(plans, o.concurrency, plan =>
    runCheck(createAwsReader(clientsOf(plan)), {
      kind: 'ecs-service',
      serviceArn: plan.serviceArn,
    }).then(fromReport, (error: Error) => error),
  );
  const coldSeconds = round((performance.now() - started) / 1000, 2);
  clients.forEach(destroyAwsClients);
  const logged = await sandbox.calls();
  const calls = callFigures(logged);
  const floor = groupFloors(logged, o);
  return {
    coldSeconds,
    floorSeconds: floor.seconds,
    binding: floor.binding,
    ecsPerServiceCold: round(calls.ecsTotal / plans.length, 3),
    calls,
    outcome: outcomeOf(plans, results),
    memory: memory.take(),
  };
}

// ---------------------------------------------------------------- output

const TARGETS = {
  callsPerVpc: 10,
  lost: 0,
  coldVsFloor: 1.2,
  ecsPerServiceCold: 1.3,
  warmP95Ms: 20,
  memoryMb: 300,
};

function verdictOf(ok: boolean) {
  return ok ? 'met' : 'MISSED';
}

function printTable(
  o: BenchOptions,
  baselineRssMb: number,
  backend: PhaseResult,
  naive: PhaseResult | undefined,
) {
  const lines: string[] = [];
  const row = (
    label: string,
    a: string | number,
    b?: string | number,
    c?: string,
  ) =>
    lines.push(
      `${label.padEnd(44)} ${String(a).padStart(14)} ${String(b ?? '').padStart(
        14,
      )} ${c ?? ''}`,
    );
  const fleetVpcs = Math.min(o.vpcs, o.services);
  lines.push(
    `Fleet: ${o.services} services in ${fleetVpcs} VPCs across ${o.accounts} account(s) and ${o.regions.length} regions; ` +
      `sandbox over HTTP on loopback, ${o.latencyMs} ms per call`,
  );
  const t = throttleSettings(o);
  const policy = { ...throttlePolicy(t.ec2), ...throttlePolicy(t.ecs) };
  lines.push(
    o.noThrottle
      ? 'Throttle: none'
      : `Throttle per account, region and action group (burst/refill per s): ${Object.entries(
          policy,
        )
          .filter(([g]) => g !== 'sts' && g !== 'ecs-other')
          .map(([g, b]) => `${g} ${b!.burst}/${b!.refillPerSecond}`)
          .join(', ')}`,
  );
  lines.push(
    `Services checked at once: ${
      o.concurrency
    }; backend pacing (plugin defaults): ${Object.entries(DEFAULT_REQUEST_RATES)
      .map(([g, r]) => `${g} ${r.burst}/${r.requestsPerSecond}`)
      .join(', ')}`,
  );
  lines.push('');
  row('', 'backend', naive ? 'naive' : '', naive ? 'naive / backend' : '');
  row('-'.repeat(44), '-'.repeat(14), naive ? '-'.repeat(14) : '');
  const ratio = (a: number, b: number) => (b > 0 ? `${round(a / b, 1)}x` : '');
  const both = (
    label: string,
    pick: (p: PhaseResult) => number,
    showRatio = true,
  ) =>
    row(
      label,
      pick(backend),
      naive ? pick(naive) : undefined,
      naive && showRatio ? ratio(pick(naive), pick(backend)) : '',
    );
  both('EC2 calls per VPC, max (vpc-id filtered)', p => p.calls.perVpc.max);
  both('EC2 calls per VPC, mean', p => p.calls.perVpc.mean);
  both(
    'EC2 DescribeDhcpOptions (1 per VPC read)',
    p => p.calls.ec2WithoutVpc.DescribeDhcpOptions ?? 0,
  );
  both(
    'EC2 DescribeSubnets by subnet id (look-ups)',
    p => p.calls.ec2WithoutVpc.DescribeSubnets ?? 0,
  );
  both(
    'EC2 DescribePrefixLists (S3, per region)',
    p => p.calls.ec2WithoutVpc.DescribePrefixLists ?? 0,
  );
  both('EC2 calls, total', p => p.calls.ec2Total);
  both('ECS calls, total', p => p.calls.ecsTotal);
  both(
    '  ECS DescribeServices',
    p => p.calls.ecsPerAction.DescribeServices ?? 0,
  );
  both('  ECS ListTasks', p => p.calls.ecsPerAction.ListTasks ?? 0);
  both(
    '  ECS DescribeTaskDefinition',
    p => p.calls.ecsPerAction.DescribeTaskDefinition ?? 0,
  );
  both('  ECS DescribeTasks', p => p.calls.ecsPerAction.DescribeTasks ?? 0);
  const sum = (counts: Record<string, number>, throttled: boolean) =>
    Object.entries(counts)
      .filter(([action]) => action.endsWith('(throttled)') === throttled)
      .reduce((total, [, n]) => total + n, 0);
  both(
    'Route 53, EFS, ECR calls, total',
    p => sum(p.calls.otherPerAction, false) + sum(p.calls.otherPerAction, true),
  );
  both(
    '  Route 53 ListHostedZonesByVPC',
    p => p.calls.otherPerAction.ListHostedZonesByVPC ?? 0,
  );
  both('Calls refused by the throttle (EC2)', p => p.calls.ec2Throttled, false);
  both('Calls refused by the throttle (ECS)', p => p.calls.ecsThrottled, false);
  both(
    'Calls refused by the throttle (R53, EFS, ECR)',
    p => sum(p.calls.otherPerAction, true),
    false,
  );
  both('Cold sweep, wall time (s)', p => p.coldSeconds);
  both('ECS calls per service, cold', p => p.ecsPerServiceCold, false);
  row('ECS calls per service, warm', backend.ecsPerServiceWarm ?? '');
  both('Binding throttle floor (s)', p => p.floorSeconds);
  row(
    'Cold sweep / binding floor',
    backend.floorSeconds > 0
      ? `${round(backend.coldSeconds / backend.floorSeconds, 2)}x`
      : 'n/a',
    naive && naive.floorSeconds > 0
      ? `${round(naive.coldSeconds / naive.floorSeconds, 2)}x`
      : '',
  );
  both('Reports lost (unreadable or unknown)', p => p.outcome.lost, false);
  both('Reports read fully but wrong', p => p.outcome.wrong, false);
  both('Peak RSS of the process (MB)', p => p.memory.rssMb, false);
  both('Peak heap used (MB)', p => p.memory.heapMb, false);
  both('Heap retained after GC (MB)', p => p.memory.retainedMb ?? NaN, false);
  row('RSS before the run (node, SDK, plugin code) (MB)', baselineRssMb);
  if (backend.cacheMb) {
    row(
      'Cache held at the end (MB of JSON)',
      Object.entries(backend.cacheMb)
        .map(([kind, size]) => `${kind} ${size}`)
        .join(', '),
    );
  }
  if (backend.warm) {
    row(
      `Warm report latency p50 (ms, ${backend.warm.requests} reqs)`,
      backend.warm.p50Ms,
    );
    row('Warm report latency p95 (ms)', backend.warm.p95Ms);
    row('Warm report latency max (ms)', backend.warm.maxMs);
  }
  lines.push('');
  const b = backend;
  const maxPerVpc =
    b.calls.perVpc.max +
    Math.ceil(
      (b.calls.ec2WithoutVpc.DescribeDhcpOptions ?? 0) /
        Math.max(1, b.calls.perVpc.vpcs),
    );
  lines.push('Targets (backend):');
  lines.push(
    `  calls per VPC <= ${
      TARGETS.callsPerVpc
    }: ${maxPerVpc} (incl. DHCP options) -> ${verdictOf(
      maxPerVpc <= TARGETS.callsPerVpc,
    )}`,
  );
  lines.push(
    `  reports lost = 0: ${b.outcome.lost} -> ${verdictOf(
      b.outcome.lost === 0,
    )}`,
  );
  if (b.floorSeconds > 0) {
    const coldRatio = b.coldSeconds / b.floorSeconds;
    lines.push(
      `  cold sweep <= ${TARGETS.coldVsFloor}x binding floor (${
        b.floorSeconds
      } s: ${b.binding}): ${b.coldSeconds} s (${round(
        coldRatio,
        2,
      )}x) -> ${verdictOf(coldRatio <= TARGETS.coldVsFloor)}`,
    );
  } else {
    lines.push(
      `  cold sweep vs floor: n/a, the fleet fits in the throttle's burst (${b.coldSeconds} s)`,
    );
  }
  lines.push(
    `  ECS calls per service cold <= ${TARGETS.ecsPerServiceCold}: ${
      b.ecsPerServiceCold
    }, warm ${b.ecsPerServiceWarm} -> ${verdictOf(
      b.ecsPerServiceCold <= TARGETS.ecsPerServiceCold,
    )}`,
  );
  if (b.warm) {
    lines.push(
      `  warm p95 < ${TARGETS.warmP95Ms} ms: ${b.warm.p95Ms} ms -> ${verdictOf(
        b.warm.p95Ms < TARGETS.warmP95Ms,
      )}`,
    );
  }
  lines.push(
    `  memory < ${TARGETS.memoryMb} MB: peak RSS ${
      b.memory.rssMb
    } MB (benchmark process; the sandbox runs in its own) -> ${verdictOf(
      b.memory.rssMb < TARGETS.memoryMb,
    )}`,
  );
  for (const [name, phase] of [
    ['backend', backend],
    ['naive', naive],
  ] as const) {
    if (phase && phase.outcome.lostReasons.length > 0) {
      lines.push(`Why ${name} reports were lost (top reasons):`);
      for (const [reason, count] of phase.outcome.lostReasons) {
        lines.push(`  ${String(count).padStart(5)}  ${reason}`);
      }
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

// ---------------------------------------------------------------- main

/**
 * The fleet's plans and its sandbox process, with this process's AWS SDK pointed at it
 * through the SDK's standard settings (nothing in the plugin or the engine names an endpoint).
 */
export async function startFleetSandbox(
  o: BenchOptions,
): Promise<{ plans: FleetServicePlan[]; sandbox: SandboxProcess }> {
  const fleet = {
    services: o.services,
    vpcs: o.vpcs,
    accounts: o.accounts,
    regions: o.regions,
  };
  const plans = describeFleet(fleet);
  const throttle = throttleSettings(o);
  const sandbox = await SandboxProcess.start({
    fleet,
    latencyMs: o.latencyMs,
    ec2Throttle: throttle.ec2,
    ecsThrottle: throttle.ecs,
  });
  process.env.AWS_ENDPOINT_URL_EC2 = sandbox.ec2Url;
  process.env.AWS_ENDPOINT_URL_ECS = sandbox.ecsUrl;
  // Route 53 (hub zones), EFS and ECR reads: the EC2 sandbox answers them too.
  for (const name of ['ROUTE_53', 'EFS', 'ECR', 'STS'])
    process.env[`AWS_ENDPOINT_URL_${name}`] = sandbox.ec2Url;
  return { plans, sandbox };
}

async function main(argv: string[]) {
  const o = parseArgs(argv);
  const { plans, sandbox } = await startFleetSandbox(o);

  const memory = new MemorySampler();
  const baselineRssMb = memory.take().rssMb;

  try {
    const backend = await runBackend(o, plans, sandbox, memory);
    let naive: PhaseResult | undefined;
    if (o.naive) {
      // Fresh, full buckets: the naive run starts as rested as the backend did.
      await sandbox.reset(true);
      naive = await runNaive(o, plans, sandbox, memory);
    }
    if (o.json) {
      process.stdout.write(
        `${JSON.stringify(
          {
            options: o,
            pacing: {
              perGroup: DEFAULT_REQUEST_RATES,
            },
            baselineRssMb,
            sandboxRssMb: sandbox.rssMb,
            targets: TARGETS,
            backend,
            naive,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      printTable(o, baselineRssMb, backend, naive);
    }
  } finally {
    memory.stop();
    await sandbox.stop();
  }
}

/** Runs a benchmark's main, printing what made it fail. */
export function runBench(run: () => Promise<void>) {
  run().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  runBench(async () => {
    if (argv.includes('--sweep')) {
      // Required here, not imported above: bench/sweep.ts imports this file's helpers.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const sweep: typeof import('./sweep') = require('./sweep');
      await sweep.main(argv.filter(arg => arg !== '--sweep'));
    } else {
      await main(argv);
    }
  });
}
