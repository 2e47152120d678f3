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
 * The benchmarks share their parts by concept: options.ts (flags), standIns.ts (the catalog,
 * cache, logger, auth, accounts and sandbox process around the plugin), measure.ts (memory,
 * percentiles, AWS calls and throttle floors), outcome.ts (entities, lost and wrong reports),
 * report.ts (the table). This file runs the phases; sweep.ts and floods.ts reuse the parts.
 */
import { writeHeapSnapshot } from 'node:v8';
import {
  describeFleet,
  FleetServicePlan,
} from '@fargate-endpoints/aws-sandbox';
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
import {
  MemorySampler,
  PhaseResult,
  callFigures,
  groupFloors,
  warmReports,
  round,
  throttleSettings,
} from './measure';
import { BenchOptions, parseArgs } from './options';
import { entityOf, fromOverview, fromReport, outcomeOf } from './outcome';
import { TARGETS, printTable } from './report';
import {
  InMemoryJsonCache,
  IndexedCatalogClient,
  SandboxProcess,
  countingLogger,
  fleetConfig,
  fleetCredentials,
  pluginAuth,
  userCredentials,
} from './standIns';

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
  const { warm, calls: warmCalls } = await warmReports(
    o,
    plans,
    service,
    sandbox,
    userCredentials,
  );
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
    warm,
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
  for (const name of ['ROUTE_53', 'ROUTE53PROFILES', 'EFS', 'ECR', 'STS'])
    process.env[`AWS_ENDPOINT_URL_${name}`] = sandbox.ec2Url;
  return { plans, sandbox };
}

/** `yarn bench`: the fleet benchmark with the options of `./options`. */
export async function main(argv: string[]) {
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
