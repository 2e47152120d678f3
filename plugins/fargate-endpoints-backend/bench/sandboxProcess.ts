/**
 * The fleet's AWS, in a process of its own so that the benchmark's process holds only what a
 * backend would: two sandboxes on one fleet world (EC2 and ECS, each with its own throttle and
 * call log; the EC2 one also answers Route 53, EFS, ECR and STS) served over HTTP on loopback. Driven by the benchmark over IPC.
 */
import {
  AwsSandbox,
  createFleetWorld,
  FleetOptions,
  SandboxCall,
  startSandboxServer,
  ThrottleSetting,
} from '@fargate-endpoints/aws-sandbox';

/** What the benchmark asks of this process. */
export type SandboxRequest =
  | { type: 'calls' }
  | { type: 'reset'; rested: boolean }
  | { type: 'stop' };

/** How this process is set up (passed as JSON in argv[2]). */
export interface SandboxProcessOptions {
  fleet: FleetOptions;
  latencyMs: number;
  /** Per action group; AWS's documented buckets when omitted, none when false. */
  ec2Throttle?: ThrottleSetting;
  ecsThrottle?: ThrottleSetting;
}

/** The calls the sandboxes logged, trimmed to what the figures need. */
export interface LoggedCalls {
  ec2: Array<
    Pick<
      SandboxCall,
      | 'service'
      | 'action'
      | 'region'
      | 'vpcId'
      | 'fault'
      | 'throttleGroup'
      | 'accountId'
    >
  >;
  ecs: Array<
    Pick<
      SandboxCall,
      | 'service'
      | 'action'
      | 'region'
      | 'vpcId'
      | 'fault'
      | 'throttleGroup'
      | 'accountId'
    >
  >;
}

function trimmed(calls: SandboxCall[]) {
  return calls.map(
    ({ service, action, region, vpcId, fault, throttleGroup, accountId }) => ({
      service,
      action,
      region,
      vpcId,
      fault,
      throttleGroup,
      accountId,
    }),
  );
}

async function main() {
  const options: SandboxProcessOptions = JSON.parse(process.argv[2]);
  const world = createFleetWorld(options.fleet);
  const ec2 = new AwsSandbox(world, {
    latencyMs: options.latencyMs,
    throttle: options.ec2Throttle,
  });
  const ecs = new AwsSandbox(world, {
    latencyMs: options.latencyMs,
    throttle: options.ecsThrottle,
  });
  const servers = [
    await startSandboxServer(ec2),
    await startSandboxServer(ecs),
  ];

  process.on('message', async (request: SandboxRequest) => {
    if (request.type === 'calls') {
      const logged: LoggedCalls = {
        // The EC2 sandbox's log holds its Route 53, EFS, ECR and STS calls too (see `service`).
        ec2: trimmed(ec2.calls),
        ecs: trimmed(ecs.calls),
      };
      process.send!({ type: 'calls', logged });
    } else if (request.type === 'reset') {
      ec2.resetCalls();
      ecs.resetCalls();
      if (request.rested) {
        ec2.setThrottle(options.ec2Throttle);
        ecs.setThrottle(options.ecsThrottle);
      }
      process.send!({ type: 'reset' });
    } else if (request.type === 'stop') {
      ec2.close();
      ecs.close();
      await Promise.all(servers.map(s => s.close()));
      process.send!({ type: 'stopped' });
      process.exit(0);
    }
  });
  process.send!({
    type: 'ready',
    ec2Url: servers[0].url,
    ecsUrl: servers[1].url,
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
