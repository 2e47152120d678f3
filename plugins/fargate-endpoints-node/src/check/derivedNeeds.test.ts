/**
 * Needs a task definition or service turns on beyond the catalogue's four (docs/domain.md#what-organisations-add):
 * FireLens outputs, App Mesh Envoy, X-Ray/ADOT, GuardDuty's agent, EC2 capacity providers.
 * Each is derived with its reason, then judged like any need: through the real SDK, an
 * isolated VPC without the endpoint fires missing-endpoint for it; with it, quiet.
 */
import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  endpointSecurityGroup,
  interfaceEndpoint,
  regionOf,
  type SandboxWorld,
} from '@fargate-endpoints/aws-sandbox';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const payments = EXAMPLE_SERVICES['payments-api'];
const { sandbox, clients } = useExampleSandbox();

const SIDECAR_SERVICES = [
  'kinesis-firehose',
  'appmesh-envoy-management',
  'xray',
  'monitoring',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
];

/** payments-api with a FireLens router to Firehose, Envoy, the ADOT collector, on EC2 capacity. */
function worldWithSidecars(withEndpoints: boolean): SandboxWorld {
  const world = createExampleWorld();
  const region = regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION);
  const definition = region.taskDefinitions.find(
    t => t.family === 'payments-api',
  )!;
  definition.containerDefinitions[0].logConfiguration = {
    logDriver: 'awsfirelens',
    options: { Name: 'kinesis_firehose', delivery_stream: 'payments-logs' },
  };
  definition.containerDefinitions.push(
    {
      name: 'log-router',
      image: `${EXAMPLE_ACCOUNT_ID}.dkr.ecr.${EXAMPLE_REGION}.amazonaws.com/aws-for-fluent-bit:stable`,
      firelensConfiguration: { type: 'fluentbit' },
      logConfiguration: { logDriver: 'awslogs' },
    },
    {
      name: 'envoy',
      image: `${EXAMPLE_ACCOUNT_ID}.dkr.ecr.${EXAMPLE_REGION}.amazonaws.com/aws-appmesh-envoy:v1.29.6.0-prod`,
    },
    {
      name: 'adot',
      image: `${EXAMPLE_ACCOUNT_ID}.dkr.ecr.${EXAMPLE_REGION}.amazonaws.com/aws-otel-collector:v0.40.0`,
    },
  );
  const service = region.clusters
    .flatMap(c => c.services)
    .find(s => s.serviceName === 'payments-api')!;
  service.capacityProviderStrategy = [{ capacityProvider: 'shop-ec2-asg' }];
  if (withEndpoints) {
    const vpc = region.vpcs.find(v => v.id === payments.vpcId)!;
    const existing = vpc.endpoints.find(e => e.type === 'Interface')!;
    for (const suffix of SIDECAR_SERVICES) {
      vpc.endpoints.push(
        interfaceEndpoint(EXAMPLE_REGION, suffix, {
          seed: 'payments',
          subnetIds: existing.subnetIds,
          securityGroupIds: [endpointSecurityGroup(vpc)!.id],
        }),
      );
    }
  }
  return world;
}

const check = () =>
  runCheck(createAwsReader(clients()), {
    kind: 'ecs-service',
    serviceArn: payments.serviceArn,
  });

const missing = (report: CheckReport) =>
  report.findings
    .filter(f => f.rule === 'missing-endpoint')
    .map(f => f.service)
    .sort();

describe('needs derived from sidecars, log routers and capacity', () => {
  it('fires missing-endpoint for each sidecar and agent endpoint, with the reason it is needed', async () => {
    sandbox.world = worldWithSidecars(false);

    const report = await check();

    expect(report.verdict).toBe('not-ready');
    expect(missing(report)).toEqual([...SIDECAR_SERVICES].sort());
    const why = Object.fromEntries(
      report.needSources.map(s => [s.need, s.reason]),
    );
    expect(why['kinesis-firehose']).toMatch(
      /FireLens to the kinesis_firehose output/,
    );
    expect(why['appmesh-envoy-management']).toMatch(/App Mesh Envoy/);
    expect(why.xray).toMatch(/ADOT collector/);
    expect(why['ecs-agent']).toMatch(/capacity provider shop-ec2-asg/);
  });

  it('is quiet once the VPC has those endpoints', async () => {
    sandbox.world = worldWithSidecars(true);

    const report = await check();

    expect(missing(report)).toEqual([]);
    expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(report.verdict).toBe('ready');
  });

  it('adds nothing for a plain Fargate service', async () => {
    const report = await check();
    expect(report.needs.sort()).toEqual(['ecr', 'logs', 'secretsmanager']);
  });
});
