/** What the fleet benchmarks measure: memory, latency percentiles, AWS calls and throttle floors from the sandbox's call log. */
import {
  AWS_DOCUMENTED_THROTTLE,
  throttlePolicy,
  ThrottleGroup,
  ThrottleSetting,
} from '@fargate-endpoints/aws-sandbox';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mapWithConcurrency } from '../src/service/overview';
import type { LoggedCalls } from './sandboxProcess';
import { BenchOptions } from './options';
import type { Outcome } from './outcome';

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

export class MemorySampler {
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

export interface CallFigures {
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

export function callFigures(logged: LoggedCalls): CallFigures {
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
export function groupFloors(
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

export interface PhaseResult {
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

/**
 * Warm report requests of the fleet's services, `o.warmConcurrency` at once, with their
 * latency and the AWS calls they made (the sandbox's log is reset first).
 */
export async function warmReports(
  o: BenchOptions,
  plans: Array<{ serviceName: string }>,
  service: {
    getEntityReport(
      entityRef: string,
      options: { credentials: BackstageCredentials },
    ): Promise<unknown>;
  },
  sandbox: {
    reset(rested: boolean): Promise<void>;
    calls(): Promise<LoggedCalls>;
  },
  credentials: BackstageCredentials,
): Promise<{ warm: NonNullable<PhaseResult['warm']>; calls: LoggedCalls }> {
  await sandbox.reset(false);
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
  return {
    warm: {
      requests: latencies.length,
      p50Ms: round(percentile(latencies, 50), 2),
      p95Ms: round(percentile(latencies, 95), 2),
      maxMs: round(latencies[latencies.length - 1] ?? NaN, 2),
    },
    calls: await sandbox.calls(),
  };
}
