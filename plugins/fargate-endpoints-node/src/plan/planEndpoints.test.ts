/**
 * The planner's promise, over many VPC shapes, regions of all three partitions and every
 * combination of needs: the plan, applied to the VPC, leaves no error finding, creates
 * exactly the needed endpoints the VPC lacks, and never one it already has.
 */
import {
  endpointRequirements,
  endpointServiceName,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { ServiceSpec, VpcEndpoint, VpcSnapshot } from '../model';
import { deriveNeeds } from '../needs';
import { evaluateService } from '../evaluate';
import {
  FIXTURE_IDS,
  fixtureEndpointId,
  healthyIsolatedSnapshot,
  serviceSpecFor,
  withDefaultRoute,
  withEndpoint,
  withoutEndpoint,
} from '../testing/fixtures';
import { applyEndpointPlan } from './applyPlan';
import { planEndpoints } from './planEndpoints';
import { PLANNED_TASK_SECURITY_GROUP, plannedSubnetId } from './plannedIds';
import {
  declaredVpcSnapshot,
  newVpcSnapshot,
  withPlannedTaskSecurityGroup,
} from './vpcModels';

const REGIONS = ['eu-west-1', 'cn-north-1', 'us-gov-west-1'];
const OPTIONAL_NEEDS = ['logs', 'secretsmanager', 'ssm', 'exec', 'kms'];
const NEED_SETS = Array.from({ length: 2 ** OPTIONAL_NEEDS.length }, (_, m) => [
  'ecr',
  ...OPTIONAL_NEEDS.filter((_n, i) => m & (1 << i)),
]);

function specFor(
  snapshot: VpcSnapshot,
  needs: string[],
  overrides: Partial<ServiceSpec> = {},
): ServiceSpec {
  const derived = deriveNeeds({
    region: snapshot.region,
    explicitNeeds: needs,
  });
  return serviceSpecFor(snapshot, {
    needs: derived.needs,
    needSources: derived.needSources,
    images: [
      `${FIXTURE_IDS.accountId}.dkr.ecr.${snapshot.region}.amazonaws.com${
        snapshot.region.startsWith('cn-') ? '.cn' : ''
      }/app:1`,
    ],
    ...overrides,
  });
}

interface Shape {
  name: string;
  build(
    region: string,
    needs: string[],
  ): { snapshot: VpcSnapshot; spec: ServiceSpec };
}

/** A VPC with the given interface endpoints (and the S3 gateway unless told otherwise), the task group new. */
function existing(
  region: string,
  needs: string[],
  interfaceServices: string[],
  change: (s: VpcSnapshot) => VpcSnapshot = s => s,
) {
  const snapshot = withPlannedTaskSecurityGroup(
    change(healthyIsolatedSnapshot({ region, interfaceServices })),
  );
  return {
    snapshot,
    spec: specFor(snapshot, needs, {
      securityGroupIds: [PLANNED_TASK_SECURITY_GROUP],
    }),
  };
}

function s3InterfaceOnly(snapshot: VpcSnapshot): VpcSnapshot {
  const interfaceS3: VpcEndpoint = {
    id: 'vpce-0s3interface00001',
    serviceName: endpointServiceName(snapshot.region, 's3'),
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: false,
    subnetIds: [FIXTURE_IDS.endpointSubnetA],
    securityGroupIds: [FIXTURE_IDS.endpointSecurityGroup],
    routeTableIds: [],
  };
  const withoutGateway = withoutEndpoint(snapshot, 's3');
  return {
    ...withoutGateway,
    endpoints: [...withoutGateway.endpoints, interfaceS3],
  };
}

/** Task subnet B on the implicit main route table; the S3 gateway only on the explicit one. */
function splitRouteTables(snapshot: VpcSnapshot): VpcSnapshot {
  return {
    ...snapshot,
    routeTables: snapshot.routeTables.map(t =>
      t.id === FIXTURE_IDS.privateRouteTable
        ? {
            ...t,
            subnetIds: t.subnetIds.filter(s => s !== FIXTURE_IDS.taskSubnetB),
          }
        : t,
    ),
  };
}

/** Endpoints with two security groups, of which only the second admits anyone. */
function severalGroups(snapshot: VpcSnapshot): VpcSnapshot {
  const extra = 'sg-0second0000000001';
  return {
    ...snapshot,
    endpoints: snapshot.endpoints.map(e =>
      e.type === 'Interface'
        ? { ...e, securityGroupIds: [extra, ...e.securityGroupIds] }
        : e,
    ),
    securityGroups: [
      ...snapshot.securityGroups,
      { id: extra, ingress: [], egress: [] },
    ],
  };
}

const ALL_INTERFACES = [
  'ecr.api',
  'ecr.dkr',
  'logs',
  'secretsmanager',
  'ssm',
  'ssmmessages',
  'kms',
];

const SHAPES: Shape[] = [
  {
    name: 'a new VPC in 2 AZs',
    build(region, needs) {
      const snapshot = withPlannedTaskSecurityGroup(
        newVpcSnapshot({ region, cidr: '10.8.0.0/20', azCount: 2 }),
      );
      const spec = specFor(snapshot, needs, {
        vpcId: snapshot.vpcId,
        subnetIds: [plannedSubnetId(0), plannedSubnetId(1)],
        securityGroupIds: [PLANNED_TASK_SECURITY_GROUP],
      });
      return { snapshot, spec };
    },
  },
  {
    name: 'a new VPC in 3 AZs',
    build(region, needs) {
      const snapshot = withPlannedTaskSecurityGroup(
        newVpcSnapshot({ region, cidr: '172.20.0.0/16', azCount: 3 }),
      );
      const spec = specFor(snapshot, needs, {
        vpcId: snapshot.vpcId,
        subnetIds: [0, 1, 2].map(plannedSubnetId),
        securityGroupIds: [PLANNED_TASK_SECURITY_GROUP],
      });
      return { snapshot, spec };
    },
  },
  {
    name: 'an existing VPC with no endpoints',
    build: (region, needs) =>
      existing(region, needs, [], s => withoutEndpoint(s, 's3')),
  },
  {
    name: 'an existing VPC with ecr.api and the S3 gateway',
    build: (region, needs) => existing(region, needs, ['ecr.api']),
  },
  {
    name: 'an existing VPC with every endpoint',
    build: (region, needs) => existing(region, needs, ALL_INTERFACES),
  },
  {
    name: 'an existing VPC whose only S3 endpoint is an interface endpoint',
    build: (region, needs) =>
      existing(region, needs, ['ecr.api', 'ecr.dkr'], s3InterfaceOnly),
  },
  {
    name: 'split route tables, one subnet on the implicit main table',
    build: (region, needs) =>
      existing(region, needs, ['ecr.api', 'ecr.dkr', 'logs'], splitRouteTables),
  },
  {
    name: 'endpoints with several security groups',
    build: (region, needs) =>
      existing(region, needs, ['ecr.api', 'logs'], severalGroups),
  },
  {
    name: 'an existing VPC routing out through a NAT gateway',
    build: (region, needs) =>
      existing(region, needs, ['ecr.dkr'], s =>
        withDefaultRoute(s, 'nat-0aaaa1111bbbb2222'),
      ),
  },
  {
    name: "the service's own security group, with no rules, in a VPC without endpoints",
    build(region, needs) {
      const base = withoutEndpoint(
        healthyIsolatedSnapshot({ region, interfaceServices: [] }),
        's3',
      );
      const snapshot = {
        ...base,
        securityGroups: base.securityGroups.map(g =>
          g.id === FIXTURE_IDS.taskSecurityGroup ? { ...g, egress: [] } : g,
        ),
      };
      return { snapshot, spec: specFor(snapshot, needs) };
    },
  },
  {
    name: 'an existing VPC that was not read, ecr.api, ecr.dkr and s3 declared',
    build(region, needs) {
      const snapshot = withPlannedTaskSecurityGroup(
        declaredVpcSnapshot({
          region,
          vpcId: FIXTURE_IDS.vpcId,
          subnetIds: [FIXTURE_IDS.taskSubnetA, FIXTURE_IDS.taskSubnetB],
          existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
          needs,
        }),
      );
      return {
        snapshot,
        spec: specFor(snapshot, needs, {
          securityGroupIds: [PLANNED_TASK_SECURITY_GROUP],
        }),
      };
    },
  },
];

/** Service suffix and type of each endpoint: what "already has" means. */
function endpointKeys(snapshot: VpcSnapshot): Set<string> {
  return new Set(
    snapshot.endpoints.map(e => `${e.serviceName} ${e.type.toLowerCase()}`),
  );
}

describe('planEndpoints', () => {
  const cases = SHAPES.flatMap(shape =>
    REGIONS.map(region => [shape.name, region, shape] as const),
  );

  it.each(cases)(
    '%s in %s: ready after the plan, for every need combination',
    (_, region, shape) => {
      for (const needs of NEED_SETS) {
        const { snapshot, spec } = shape.build(region, needs);
        const plan = planEndpoints(snapshot, spec);
        const applied = applyEndpointPlan(snapshot, plan);
        const report = evaluateService(applied, spec);
        const label = `${shape.name}, ${region}, needs ${needs.join(',')}`;

        expect({
          label,
          blockers: plan.blockers.map(f => f.rule),
          errors: report.findings
            .filter(f => f.severity === 'error')
            .map(f => `${f.rule} ${f.service ?? ''}`),
          unknown: report.unknown.map(u => u.reason),
        }).toEqual({ label, blockers: [], errors: [], unknown: [] });

        // Never an endpoint the VPC already has.
        const had = endpointKeys(snapshot);
        for (const created of plan.create) {
          expect({
            label,
            created: created.serviceName,
            had: had.has(
              `${created.serviceName} ${created.type.toLowerCase()}`,
            ),
          }).toEqual({ label, created: created.serviceName, had: false });
        }
        // Exactly the needed endpoint services, each once, created or reused.
        const needed = endpointRequirements(spec.needs)
          .map(r => r.service)
          .sort();
        expect({
          label,
          services: [...plan.create, ...plan.reuse].map(e => e.service).sort(),
        }).toEqual({ label, services: needed });
        for (const e of [...plan.create, ...plan.reuse]) {
          expect(e.serviceName).toBe(endpointServiceName(region, e.service));
        }
      }
    },
  );

  it('names China endpoint services with their cn.com.amazonaws prefix where AWS does', () => {
    const { snapshot, spec } = SHAPES[0].build('cn-north-1', ['ecr', 'logs']);
    const names = planEndpoints(snapshot, spec).create.map(e => e.serviceName);
    expect(names).toEqual([
      'cn.com.amazonaws.cn-north-1.ecr.api',
      'cn.com.amazonaws.cn-north-1.ecr.dkr',
      'cn.com.amazonaws.cn-north-1.s3',
      'com.amazonaws.cn-north-1.logs',
    ]);
  });

  it('creates the S3 gateway beside an S3 interface endpoint, which cannot serve ECR layers', () => {
    const { snapshot, spec } = SHAPES[5].build('eu-west-1', ['ecr']);
    const plan = planEndpoints(snapshot, spec);
    expect(plan.create.map(e => `${e.service} ${e.type}`)).toEqual([
      's3 Gateway',
    ]);
    expect(plan.create[0].routeTableIds).toEqual([
      FIXTURE_IDS.privateRouteTable,
    ]);
  });

  it('associates the main route table with the existing S3 gateway instead of creating another', () => {
    const { snapshot, spec } = SHAPES[6].build('eu-west-1', ['ecr', 'logs']);
    const plan = planEndpoints(snapshot, spec);
    expect(plan.create).toEqual([]);
    expect(plan.routeTableAssociations).toEqual([
      {
        endpointId: FIXTURE_IDS.s3Gateway,
        routeTableId: FIXTURE_IDS.mainRouteTable,
        subnetIds: [FIXTURE_IDS.taskSubnetB],
      },
    ]);
  });

  it('opens only the security groups that do not admit the tasks yet', () => {
    const { snapshot, spec } = SHAPES[4].build('eu-west-1', ['ecr', 'logs']);
    const plan = planEndpoints(snapshot, spec);
    expect(plan.create).toEqual([]);
    // The shared endpoint group admits the old task group only: one ingress rule for the new one.
    expect(
      plan.securityGroupRules.filter(r => r.direction === 'ingress'),
    ).toEqual([
      expect.objectContaining({
        securityGroupId: FIXTURE_IDS.endpointSecurityGroup,
        peer: { groupId: PLANNED_TASK_SECURITY_GROUP },
      }),
    ]);
  });

  it('plans for tasks without NAT: endpoints are created even where NAT would carry the traffic today', () => {
    const { snapshot, spec } = SHAPES[8].build('eu-west-1', ['ecr', 'logs']);
    const plan = planEndpoints(snapshot, spec);
    expect(plan.create.map(e => e.service)).toEqual(['ecr.api', 'logs']);
    const asIs = planEndpoints(snapshot, spec, { target: 'as-is' });
    expect(asIs.create).toEqual([]);
  });

  it('does not create a second endpoint beside one with private DNS off: that is a blocker with its fix', () => {
    const snapshot = withPlannedTaskSecurityGroup(
      withEndpoint(
        healthyIsolatedSnapshot({ region: 'eu-west-1' }),
        'ecr.api',
        {
          privateDnsEnabled: false,
        },
      ),
    );
    const spec = specFor(snapshot, ['ecr', 'logs'], {
      securityGroupIds: [PLANNED_TASK_SECURITY_GROUP],
    });
    const plan = planEndpoints(snapshot, spec);
    expect(plan.create).toEqual([]);
    expect(plan.blockers).toEqual([
      expect.objectContaining({
        rule: 'private-dns-disabled',
        resourceId: fixtureEndpointId('ecr.api'),
      }),
    ]);
    expect(plan.blockers[0].fix).toContain('modify-vpc-endpoint');
  });

  it('lists a failed endpoint as a blocker rather than planning around it', () => {
    const snapshot = withPlannedTaskSecurityGroup(
      withEndpoint(healthyIsolatedSnapshot({ region: 'eu-west-1' }), 'logs', {
        state: 'failed',
      }),
    );
    const spec = specFor(snapshot, ['ecr', 'logs'], {
      securityGroupIds: [PLANNED_TASK_SECURITY_GROUP],
    });
    const plan = planEndpoints(snapshot, spec);
    expect(plan.create).toEqual([]);
    expect(plan.blockers.map(f => f.rule)).toEqual(['endpoint-not-available']);
  });

  it('prices only what it creates, and what reuse saves', () => {
    const { snapshot, spec } = SHAPES[3].build('eu-west-1', ['ecr', 'logs']);
    const plan = planEndpoints(snapshot, spec);
    expect(plan.create.map(e => e.service)).toEqual(['ecr.dkr', 'logs']);
    // 2 interface endpoints x 2 AZs x $7.30; ecr.api reused saves 2 x $7.30.
    expect(plan.cost.endpointsMonthly).toBe(29.2);
    expect(plan.savedByReuseMonthly).toBe(14.6);
  });

  it('needs no ecr.api on Fargate platform version 1.3.0', () => {
    const { snapshot, spec } = SHAPES[0].build('eu-west-1', ['ecr']);
    const plan = planEndpoints(snapshot, { ...spec, platformVersion: '1.3.0' });
    expect(plan.create.map(e => e.service)).toEqual(['ecr.dkr', 's3']);
  });
});
