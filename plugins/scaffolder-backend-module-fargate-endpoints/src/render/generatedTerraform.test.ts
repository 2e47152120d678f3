/**
 * The generated Terraform, applied to a simulated account and read back as the engine's
 * network model, must be judged ready by the engine for every combination of needs, in a new
 * VPC and in an existing one. The model comes from the parsed HCL, not from the inputs, so
 * the test proves what the Terraform itself builds.
 */
import {
  endpointRequirements,
  endpointServiceName,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { evaluateService } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { format } from '@cdktf/hcl-tools';
import yaml from 'yaml';
import { renderServiceRepository } from '.';
import { parseServiceInput } from '../service/input';
import {
  planService,
  validateServiceInput,
  type ExistingVpcState,
} from '../service/plan';
import {
  parseTerraform,
  unresolvedReferences,
} from '../__testUtils__/terraform';
import {
  evaluatorFor,
  serviceSpecAfterApply,
  snapshotAfterApply,
  type World,
} from '../__testUtils__/terraformModel';
import {
  EXISTING,
  existingVpcWorld,
  snapshotOfWorld,
} from '../__testUtils__/worlds';

const OPTIONAL_NEEDS = [
  'logs',
  'secretsmanager',
  'ssm',
  'exec',
  'kms',
] as const;

/** All 32 subsets of the optional needs. */
const SUBSETS = Array.from({ length: 2 ** OPTIONAL_NEEDS.length }, (_, mask) =>
  OPTIONAL_NEEDS.filter((_need, i) => mask & (1 << i)),
);

/** Input that asks for the needs the way a user would: secrets, ECS Exec, a declared suffix. */
function inputFor(needs: readonly string[], base: Record<string, unknown>) {
  const secrets = [];
  if (needs.includes('secretsmanager'))
    secrets.push({
      name: 'DB_PASSWORD',
      valueFrom:
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
    });
  if (needs.includes('ssm'))
    secrets.push({ name: 'API_TOKEN', valueFrom: '/app/api-token' });
  return {
    name: 'svc',
    owner: 'group:default/team',
    description: 'A service',
    region: 'eu-west-1',
    accountId: '123456789012',
    needs: needs.filter(n => n === 'logs' || n === 'kms'),
    secrets,
    enableExecuteCommand: needs.includes('exec'),
    ...base,
  };
}

async function applyAndEvaluate(
  rawInput: Record<string, unknown>,
  world: World,
  state?: ExistingVpcState,
) {
  const parsed = parseServiceInput(rawInput);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  expect(validateServiceInput(parsed.value)).toEqual([]);
  const files = renderServiceRepository(planService(parsed.value, state));
  const terraform = Object.fromEntries(
    Object.entries(files).filter(([p]) => p.endsWith('.tf')),
  );

  const config = await parseTerraform(terraform);
  expect(await unresolvedReferences(config)).toEqual([]);
  for (const [name, content] of Object.entries(terraform))
    expect({ name, content: await format(content) }).toEqual({ name, content });

  const ev = evaluatorFor(config, world);
  expect(await ev.failedValidations()).toEqual([]);
  const snapshot = await snapshotAfterApply(ev, world);
  const annotationNeeds = yaml
    .parse(files['catalog-info.yaml'])
    .metadata.annotations['fargate-endpoints.io/needs'].split(',');
  const spec = await serviceSpecAfterApply(
    ev,
    world,
    snapshot.vpcId,
    annotationNeeds,
  );
  return { snapshot, spec, report: evaluateService(snapshot, spec), files };
}

function expectReady(report: ReturnType<typeof evaluateService>) {
  const errors = report.findings.filter(f => f.severity === 'error');
  expect({ errors, unknown: report.unknown }).toEqual({
    errors: [],
    unknown: [],
  });
  expect(report.verdict).toBe('ready');
}

function expectOneEndpointPerService(
  snapshot: Awaited<ReturnType<typeof applyAndEvaluate>>['snapshot'],
  needs: string[],
) {
  for (const requirement of endpointRequirements(needs)) {
    const name = endpointServiceName('eu-west-1', requirement.service);
    expect({
      name,
      count: snapshot.endpoints.filter(e => e.serviceName === name).length,
    }).toEqual({ name, count: 1 });
  }
}

jest.setTimeout(120_000);

describe('generated Terraform judged by the engine', () => {
  describe('new isolated VPC', () => {
    it.each(SUBSETS.map(s => [s.join(',') || '(ecr only)', s] as const))(
      'ready with needs %s',
      async (_, needs) => {
        const world: World = {
          region: 'eu-west-1',
          accountId: '123456789012',
          subnets: [],
          routeTables: [],
          endpoints: [],
          securityGroups: [],
          networkAcls: [],
        };
        const { snapshot, spec, report } = await applyAndEvaluate(
          inputFor(needs, { azCount: 3, vpcCidr: '10.8.0.0/20' }),
          world,
        );
        expectReady(report);
        expect(report.path).toBe('isolated');
        expect(spec.needs).toEqual(
          expect.arrayContaining(['ecr', 'logs', ...needs]),
        );
        expectOneEndpointPerService(snapshot, spec.needs);
        expect(snapshot.subnets.map(s => s.cidrBlock)).toEqual([
          '10.8.0.0/22',
          '10.8.4.0/22',
          '10.8.8.0/22',
        ]);
        // Nothing routes out: the only routes are local and the S3 prefix list.
        expect(
          snapshot.routeTables
            .flatMap(t => t.routes)
            .filter(r => r.destinationCidrBlock === '0.0.0.0/0'),
        ).toEqual([]);
      },
    );
  });

  describe('existing VPC, endpoints found by the lookup', () => {
    it.each(SUBSETS.map(s => [s.join(',') || '(ecr only)', s] as const))(
      'ready with needs %s',
      async (_, needs) => {
        const world = existingVpcWorld();
        const input = inputFor(needs, {
          vpcMode: 'existingVpc',
          vpcId: EXISTING.vpcId,
          subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
          lookupExistingEndpoints: true,
        });
        const { snapshot, spec, report } = await applyAndEvaluate(
          input,
          world,
          { status: 'read', snapshot: snapshotOfWorld(world) },
        );
        expectReady(report);
        expectOneEndpointPerService(snapshot, spec.needs);
        // The reused endpoints stayed as they were; their security group now admits the tasks.
        expect(
          snapshot.endpoints.filter(e =>
            world.endpoints.some(w => w.id === e.id),
          ),
        ).toHaveLength(3);
        const shared = snapshot.securityGroups.find(
          g => g.id === EXISTING.sharedEndpointSg,
        )!;
        expect(shared.ingress).toEqual([
          expect.objectContaining({
            fromPort: 443,
            toPort: 443,
            groupIds: spec.securityGroupIds,
          }),
        ]);
      },
    );
  });

  describe('existing VPC, endpoints declared and route tables found by Terraform', () => {
    it.each([[[]], [['secretsmanager', 'exec', 'kms']]] as const)(
      'ready with needs %j',
      async needs => {
        const world = existingVpcWorld();
        // Declared reuse of an S3 gateway that already serves both task route tables.
        world.endpoints[2].routeTableIds = [
          EXISTING.mainTable,
          EXISTING.explicitTable,
        ];
        const input = inputFor(needs, {
          vpcMode: 'existingVpc',
          vpcId: EXISTING.vpcId,
          subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
          existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
        });
        const { report, files } = await applyAndEvaluate(input, world);
        expect(files['network.tf']).toContain(
          'data "aws_route_tables" "explicit"',
        );
        expectReady(report);
      },
    );
  });

  it('the engine is not fooled: without the S3 route table association it reports s3-route-table-missing', async () => {
    const world = existingVpcWorld();
    const input = inputFor([], {
      vpcMode: 'existingVpc',
      vpcId: EXISTING.vpcId,
      subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
      existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
    });
    // Declared reuse without the lookup cannot know the gateway misses a table: the CI gate catches it.
    const { report } = await applyAndEvaluate(input, world);
    expect(report.verdict).toBe('not-ready');
    expect(report.findings.map(f => f.rule)).toContain(
      's3-route-table-missing',
    );
  });

  it('the least-privilege S3 policy still lets ECR layers through', async () => {
    const world: World = {
      region: 'eu-west-1',
      accountId: '123456789012',
      subnets: [],
      routeTables: [],
      endpoints: [],
      securityGroups: [],
      networkAcls: [],
    };
    const { snapshot, report } = await applyAndEvaluate(
      inputFor(['logs'], { restrictS3EndpointPolicy: true }),
      world,
    );
    const s3 = snapshot.endpoints.find(e => e.serviceName.endsWith('.s3'))!;
    expect(JSON.parse(s3.policyDocument!).Statement[0].Resource).toEqual([
      'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*',
    ]);
    expectReady(report);
  });
});
