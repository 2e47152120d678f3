/** The fleet benchmark's table: the figures, the targets and whether each is met. */
import { DEFAULT_REQUEST_RATES } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { round, throttleSettings } from './measure';
import { throttlePolicy } from '@fargate-endpoints/aws-sandbox';
import { BenchOptions } from './options';
import { PhaseResult } from './measure';

// ---------------------------------------------------------------- output

export const TARGETS = {
  callsPerVpc: 10,
  lost: 0,
  coldVsFloor: 1.2,
  ecsPerServiceCold: 1.3,
  warmP95Ms: 20,
  /** Issue 13: 300 MB for the 1,000-service fleet, 500 MB for the 10,000-service one. */
  memoryMb: 300,
  memoryMbLargeFleet: 500,
};

/** The memory target for a fleet of this size. */
function memoryTargetMb(services: number): number {
  return services > 1000 ? TARGETS.memoryMbLargeFleet : TARGETS.memoryMb;
}

function verdictOf(ok: boolean) {
  return ok ? 'met' : 'MISSED';
}

export function printTable(
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
    'Route 53 (and Profiles), EFS, ECR calls, total',
    p => sum(p.calls.otherPerAction, false) + sum(p.calls.otherPerAction, true),
  );
  both(
    '  Route 53 ListHostedZonesByVPC',
    p => p.calls.otherPerAction.ListHostedZonesByVPC ?? 0,
  );
  both(
    '  Route 53 Profiles ListProfileAssociations',
    p => p.calls.otherPerAction.ListProfileAssociations ?? 0,
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
    `  memory < ${memoryTargetMb(o.services)} MB: peak RSS ${
      b.memory.rssMb
    } MB (benchmark process; the sandbox runs in its own) -> ${verdictOf(
      b.memory.rssMb < memoryTargetMb(o.services),
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
