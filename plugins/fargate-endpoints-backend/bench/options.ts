/** The fleet benchmarks' options: what `yarn bench` and `yarn bench:sweep` accept. */

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
