/**
 * Impact benchmark: `assessPlanImpact` on a plan that deletes the ecr.api endpoint of one
 * isolated VPC running N services (100 by default, in 5 clusters, each with its own task
 * definition), against the sandbox over loopback HTTP with AWS's documented throttling
 * buckets and a per-call latency, through the engine's paced clients (the backend's default
 * request rates, below AWS's). Prints the AWS calls per action, the throttled answers, wall
 * time and the verdict. Measures only; it asserts nothing.
 *
 *   yarn bench:impact [--services 100] [--clusters 5] [--latency-ms 20] [--json]
 */
import { parseArgs } from 'node:util';
import {
  addToWorld,
  AwsSandbox,
  ecrImage,
  ecsService,
  findEndpoint,
  isolatedVpc,
  sandboxWorld,
  startSandboxServer,
} from '@fargate-endpoints/aws-sandbox';
import {
  assessPlanImpact,
  createActionGroupPacer,
  createAwsClients,
  createAwsReader,
  createLimiter,
  DEFAULT_REQUEST_RATES,
  destroyAwsClients,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';

const ACCOUNT = '333333333333';
const REGION = 'eu-west-1';

function options() {
  const { values } = parseArgs({
    options: {
      services: { type: 'string', default: '100' },
      clusters: { type: 'string', default: '5' },
      'latency-ms': { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
  });
  return {
    services: Number(values.services),
    clusters: Number(values.clusters),
    latencyMs: Number(values['latency-ms']),
    json: values.json,
  };
}

/** One isolated VPC with every endpoint, and N services on its task subnets. */
function world(services: number, clusters: number) {
  const w = sandboxWorld({ defaultAccountId: ACCOUNT });
  const vpc = isolatedVpc({
    name: 'bench',
    region: REGION,
    cidrBlock: '10.60.0.0/16',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'],
    s3Gateway: 'task-route-table',
  });
  const fixtures = Array.from({ length: services }, (_, i) =>
    ecsService({
      accountId: ACCOUNT,
      region: REGION,
      serviceName: `svc-${String(i).padStart(3, '0')}`,
      clusterName: `cluster-${i % clusters}`,
      vpc,
      image: ecrImage(ACCOUNT, REGION, `svc-${i}`, '1.0.0'),
    }),
  );
  addToWorld(
    w,
    { accountId: ACCOUNT, region: REGION },
    { vpcs: [vpc], services: fixtures },
  );
  return { w, vpc };
}

/** The plan: `terraform show -json` of deleting the VPC's ecr.api endpoint. */
function plan(vpcId: string, endpointId: string, serviceName: string) {
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    resource_changes: [
      {
        address: 'aws_vpc_endpoint.ecr_api',
        mode: 'managed',
        type: 'aws_vpc_endpoint',
        name: 'ecr_api',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['delete'],
          before: {
            id: endpointId,
            vpc_id: vpcId,
            service_name: serviceName,
            vpc_endpoint_type: 'Interface',
          },
          after: null,
          after_unknown: {},
        },
      },
    ],
    configuration: { root_module: {} },
  };
}

async function main() {
  const o = options();
  const { w, vpc } = world(o.services, o.clusters);
  const endpoint = findEndpoint(vpc, 'ecr.api')!;
  // AWS's documented buckets (the sandbox's default throttle) and a latency per call.
  const sandbox = new AwsSandbox(w, { latencyMs: o.latencyMs });
  const server = await startSandboxServer(sandbox);
  process.env.AWS_ENDPOINT_URL = server.url;
  const clients = createAwsClients({
    region: REGION,
    accountId: ACCOUNT,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    pacer: createActionGroupPacer(DEFAULT_REQUEST_RATES),
  });
  const started = performance.now();
  const impact = await assessPlanImpact(
    plan(vpc.id, endpoint.id, endpoint.serviceName),
    createAwsReader(clients, { accountId: ACCOUNT, limiter: createLimiter(4) }),
  );
  const seconds = (performance.now() - started) / 1000;
  destroyAwsClients(clients);
  const calls = sandbox.callsPerAction();
  const throttled = sandbox.calls.filter(c => c.fault === 'throttled').length;
  const figures = {
    services: o.services,
    clusters: o.clusters,
    latencyMs: o.latencyMs,
    wallSeconds: Math.round(seconds * 100) / 100,
    awsCalls: Object.values(calls).reduce((a, b) => a + b, 0),
    callsPerAction: calls,
    throttled,
    verdict: impact.verdict,
    servicesJudged: impact.services.length,
    servicesBroken: impact.services.filter(s => s.outcome === 'breaks').length,
  };
  sandbox.close();
  await server.close();
  if (o.json) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  const lines = [
    `impact of a plan deleting ecr.api in one VPC with ${o.services} services (${o.clusters} clusters), ${o.latencyMs} ms per AWS call, AWS's documented throttling`,
    `  wall time        ${figures.wallSeconds} s`,
    `  AWS calls        ${figures.awsCalls} (throttled answers: ${throttled})`,
    ...Object.entries(calls)
      .sort((a, b) => b[1] - a[1])
      .map(([action, n]) => `    ${action.padEnd(32)} ${n}`),
    `  verdict          ${impact.verdict}: ${figures.servicesBroken} of ${figures.servicesJudged} services broken`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
