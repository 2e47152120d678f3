/**
 * The generated Terraform, applied to a simulated account and read back as the engine's
 * network model, must be judged ready by the engine for every combination of needs, in a new
 * VPC and in an existing one. The model comes from the parsed HCL, not from the inputs, so
 * the test proves what the Terraform itself builds.
 */
import {
  endpointRequirements,
  endpointServiceName,
  partitionOfRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { evaluateService } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { format } from '@cdktf/hcl-tools';
import yaml from 'yaml';
import { renderServiceRepository } from '.';
import { parseServiceInput } from '../service/input';
import { planService, type ExistingVpcState } from '../service/servicePlan';
import { validateServiceInput } from '../service/validate';
import { providerSchema } from '../__testUtils__/providerSchema';
import {
  parseTerraform,
  schemaProblems,
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

/** The regions the form offers, one of each partition. */
const REGIONS = ['eu-west-1', 'cn-north-1', 'us-gov-west-1'];

/** Need subsets for the partitions other than aws: none, each alone, all. */
const FEW_SUBSETS = [
  [],
  ...OPTIONAL_NEEDS.map(n => [n]),
  [...OPTIONAL_NEEDS],
] as ReadonlyArray<readonly string[]>;

/** The subsets tried in a region: all 32 in the commercial partition. */
function subsetsFor(region: string) {
  return region === 'eu-west-1' ? SUBSETS : FEW_SUBSETS;
}

/** Input that asks for the needs the way a user would: secrets, ECS Exec, a declared suffix. */
function inputFor(
  needs: readonly string[],
  base: Record<string, unknown>,
  region = 'eu-west-1',
) {
  const secrets = [];
  if (needs.includes('secretsmanager'))
    secrets.push({
      name: 'DB_PASSWORD',
      valueFrom: `arn:${partitionOfRegion(
        region,
      )}:secretsmanager:${region}:123456789012:secret:db-AbCdEf`,
    });
  if (needs.includes('ssm'))
    secrets.push({ name: 'API_TOKEN', valueFrom: '/app/api-token' });
  return {
    name: 'svc',
    owner: 'group:default/team',
    description: 'A service',
    region,
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
  tamper?: (terraform: Record<string, string>) => void,
) {
  const parsed = parseServiceInput(rawInput);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  expect(validateServiceInput(parsed.value)).toEqual([]);
  const files = renderServiceRepository(planService(parsed.value, state));
  const terraform = Object.fromEntries(
    Object.entries(files).filter(([p]) => p.endsWith('.tf')),
  );
  tamper?.(terraform);

  const config = await parseTerraform(terraform);
  expect(await unresolvedReferences(config)).toEqual([]);
  expect(await schemaProblems(config, providerSchema())).toEqual([]);
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

/**
 * Exactly the needed endpoints: one of each needed service (created or already there), named
 * as the region's partition names it, and none the service does not need beyond what the VPC had.
 */
function expectExactlyTheNeededEndpoints(
  snapshot: Awaited<ReturnType<typeof applyAndEvaluate>>['snapshot'],
  needs: string[],
  world: World,
) {
  const region = snapshot.region;
  const needed = endpointRequirements(needs);
  for (const requirement of needed) {
    const name = endpointServiceName(region, requirement.service);
    expect({
      name,
      count: snapshot.endpoints.filter(
        e =>
          e.serviceName === name &&
          e.type.toLowerCase() === requirement.type.toLowerCase(),
      ).length,
    }).toEqual({ name, count: 1 });
  }
  const created = snapshot.endpoints.filter(
    e => !world.endpoints.some(w => w.id === e.id),
  );
  const neededNames = needed.map(r => endpointServiceName(region, r.service));
  expect(
    created.map(e => e.serviceName).filter(n => !neededNames.includes(n)),
  ).toEqual([]);
}

jest.setTimeout(120_000);

describe('generated Terraform judged by the engine', () => {
  describe.each(REGIONS)('new isolated VPC in %s', region => {
    it.each(
      subsetsFor(region).map(s => [s.join(',') || '(ecr only)', s] as const),
    )('ready with needs %s', async (_, needs) => {
      const world: World = {
        region,
        accountId: '123456789012',
        subnets: [],
        routeTables: [],
        endpoints: [],
        securityGroups: [],
        networkAcls: [],
      };
      const { snapshot, spec, report } = await applyAndEvaluate(
        inputFor(needs, { azCount: 3, vpcCidr: '10.8.0.0/20' }, region),
        world,
      );
      expectReady(report);
      expect(report.path).toBe('isolated');
      expect(spec.needs).toEqual(
        expect.arrayContaining(['ecr', 'logs', ...needs]),
      );
      expectExactlyTheNeededEndpoints(snapshot, spec.needs, world);
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
    });
  });

  describe.each(REGIONS)(
    'existing VPC in %s, endpoints found by the lookup',
    region => {
      it.each(
        subsetsFor(region).map(s => [s.join(',') || '(ecr only)', s] as const),
      )('ready with needs %s', async (_, needs) => {
        const world = existingVpcWorld(region);
        const input = inputFor(
          needs,
          {
            vpcMode: 'existingVpc',
            vpcId: EXISTING.vpcId,
            subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
            lookupExistingEndpoints: true,
          },
          region,
        );
        const { snapshot, spec, report } = await applyAndEvaluate(
          input,
          world,
          { status: 'read', snapshot: snapshotOfWorld(world) },
        );
        expectReady(report);
        expectExactlyTheNeededEndpoints(snapshot, spec.needs, world);
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
      });
    },
  );

  describe.each(['eu-west-1', 'cn-north-1'])(
    'other VPC shapes in %s',
    region => {
      const lookupInput = (needs: string[]) =>
        inputFor(
          needs,
          {
            vpcMode: 'existingVpc',
            vpcId: EXISTING.vpcId,
            subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
            lookupExistingEndpoints: true,
          },
          region,
        );

      it('an S3 interface endpoint but no gateway: the gateway is created beside it', async () => {
        const world = existingVpcWorld(region);
        const gateway = world.endpoints.find(e => e.type === 'Gateway')!;
        Object.assign(gateway, {
          type: 'Interface',
          privateDnsEnabled: false,
          routeTableIds: [],
          subnetIds: [EXISTING.subnetA],
          securityGroupIds: [EXISTING.sharedEndpointSg],
        });
        world.routeTables.forEach(t => {
          t.routes = t.routes.filter(r => !r.destinationPrefixListId);
        });
        const { snapshot, spec, report, files } = await applyAndEvaluate(
          lookupInput(['logs']),
          world,
          { status: 'read', snapshot: snapshotOfWorld(world) },
        );
        expectReady(report);
        expectExactlyTheNeededEndpoints(snapshot, spec.needs, world);
        expect(files['endpoints.tf']).toContain(
          'resource "aws_vpc_endpoint" "s3"',
        );
      });

      it('endpoints with two security groups, neither admitting the tasks yet', async () => {
        const world = existingVpcWorld(region);
        const second = 'sg-0f0f0f0f0f0f0f0f0';
        world.securityGroups.push({
          id: second,
          name: 'second',
          ingress: [],
          egress: [],
        });
        world.endpoints
          .filter(e => e.type === 'Interface')
          .forEach(e => e.securityGroupIds.push(second));
        const { report, files } = await applyAndEvaluate(
          lookupInput(['logs', 'secretsmanager']),
          world,
          { status: 'read', snapshot: snapshotOfWorld(world) },
        );
        expectReady(report);
        // One of the groups is opened, not both.
        expect(files['endpoints.tf']).toContain(
          `for_each = toset(["${EXISTING.sharedEndpointSg}"])`,
        );
      });
    },
  );

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

  it('declared reuse of an S3 gateway without the lookup still puts it on every task route table', async () => {
    const world = existingVpcWorld();
    const input = inputFor([], {
      vpcMode: 'existingVpc',
      vpcId: EXISTING.vpcId,
      subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
      existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
    });
    const { report, files } = await applyAndEvaluate(input, world);
    expectReady(report);
    expect(files['endpoints.tf']).toContain(
      'resource "aws_vpc_endpoint_route_table_association" "reused_s3"',
    );
    // Only the tables the gateway is not on yet, read from it at plan time.
    expect(files['endpoints.tf']).toContain(
      'for_each = toset(setsubtract(local.task_route_table_ids, data.aws_vpc_endpoint.reused["s3"].route_table_ids))',
    );
  });

  it('with the lookup off, associates only the task route tables the S3 gateway lacks (no RouteAlreadyExists)', async () => {
    // The example world's gateway is on the main table already (subnet B's); subnet A's
    // explicit table lacks it.
    const world = existingVpcWorld();
    expect(world.endpoints[2].routeTableIds).toEqual([EXISTING.mainTable]);
    const input = inputFor([], {
      vpcMode: 'existingVpc',
      vpcId: EXISTING.vpcId,
      subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
      lookupExistingEndpoints: false,
      existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
    });
    const { report, snapshot } = await applyAndEvaluate(input, world);
    expectReady(report);
    const gateway = snapshot.endpoints.find(
      e => e.id === world.endpoints[2].id,
    )!;
    expect([...gateway.routeTableIds].sort()).toEqual(
      [EXISTING.explicitTable, EXISTING.mainTable].sort(),
    );
  });

  it('the simulated apply fails as AWS does when a table already on the gateway is associated again', async () => {
    const world = existingVpcWorld();
    const input = inputFor([], {
      vpcMode: 'existingVpc',
      vpcId: EXISTING.vpcId,
      subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
      lookupExistingEndpoints: false,
      existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
    });
    // What the template wrote before: every task table, whether the gateway has it or not.
    await expect(
      applyAndEvaluate(input, world, undefined, tf => {
        tf['endpoints.tf'] = tf['endpoints.tf'].replace(
          /toset\(setsubtract\(local\.task_route_table_ids, [^)]*\)\)/,
          'toset(local.task_route_table_ids)',
        );
      }),
    ).rejects.toThrow(/RouteAlreadyExists/);
  });

  it('the engine is not fooled: without that association it reports s3-route-table-missing', async () => {
    const world = existingVpcWorld();
    const input = inputFor([], {
      vpcMode: 'existingVpc',
      vpcId: EXISTING.vpcId,
      subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
      existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
    });
    const { report } = await applyAndEvaluate(input, world, undefined, tf => {
      const endpoints = tf['endpoints.tf'];
      const start = endpoints.indexOf(
        'resource "aws_vpc_endpoint_route_table_association"',
      );
      const end = endpoints.indexOf('\n}\n', start) + 3;
      tf['endpoints.tf'] = endpoints.slice(0, start) + endpoints.slice(end);
      tf['ecs.tf'] = tf['ecs.tf'].replace(
        /\n\s*aws_vpc_endpoint_route_table_association\.reused_s3,/,
        '',
      );
    });
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
