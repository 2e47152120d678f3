/**
 * A plan's impact through the real SDK against the sandbox's example world: plan documents
 * in HashiCorp's JSON output format, for each resource kind, firing and quiet.
 */
import {
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  addToWorld,
  ecrImage,
  ecsService,
  regionOf,
} from '@fargate-endpoints/aws-sandbox';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import {
  planDocument,
  references,
  resourceChange,
} from '../__testUtils__/terraformPlans';
import { createAwsReader } from '../check/reader';
import { assessPlanImpact } from './assessPlanImpact';
import type { PlanImpact } from './types';

const { sandbox, clients } = useExampleSandbox();
const payments = EXAMPLE_SERVICES['payments-api'];
const orders = EXAMPLE_SERVICES['orders-worker'];
const reports = EXAMPLE_SERVICES['legacy-reports'];
const PAYMENTS_VPC = payments.vpcId;
const PAYMENTS_TASK_TABLE = 'rtb-04bbf1cc81fc21f7f';
const PAYMENTS_MAIN_TABLE = 'rtb-0d960bc5b89cc66db';
const PAYMENTS_ECR_API = 'vpce-05338c5d00706cab5';
const PAYMENTS_S3 = 'vpce-02454f3139201734a';
const [SUBNET_A, SUBNET_B] = payments.subnetIds;
const ENDPOINT_SG = payments.endpointSecurityGroupId!;

function assess(document: unknown): Promise<PlanImpact> {
  return assessPlanImpact(
    document,
    createAwsReader(clients(), { accountId: EXAMPLE_ACCOUNT_ID }),
  );
}

function outcomes(impact: PlanImpact): Record<string, string> {
  return Object.fromEntries(
    impact.services.map(s => [s.serviceName, s.outcome]),
  );
}

function rules(impact: PlanImpact, service: string): string[] {
  return (
    impact.services
      .find(s => s.serviceName === service)
      ?.newFindings.map(f => `${f.finding.rule}:${f.finding.service ?? ''}`) ??
    []
  );
}

const ecrApiEndpoint = {
  id: PAYMENTS_ECR_API,
  vpc_id: PAYMENTS_VPC,
  service_name: `com.amazonaws.${EXAMPLE_REGION}.ecr.api`,
  vpc_endpoint_type: 'Interface',
  private_dns_enabled: true,
  subnet_ids: [SUBNET_A, SUBNET_B],
  security_group_ids: [ENDPOINT_SG],
  route_table_ids: [],
  policy: '',
  state: 'available',
};

const s3Gateway = {
  id: PAYMENTS_S3,
  vpc_id: PAYMENTS_VPC,
  service_name: `com.amazonaws.${EXAMPLE_REGION}.s3`,
  vpc_endpoint_type: 'Gateway',
  private_dns_enabled: false,
  subnet_ids: [],
  security_group_ids: [],
  route_table_ids: [PAYMENTS_TASK_TABLE],
  state: 'available',
};

describe('assessPlanImpact: aws_vpc_endpoint', () => {
  it('deleting payments-api ecr.api endpoint breaks payments-api, caused by that address', async () => {
    const impact = await assess(
      planDocument([
        resourceChange('aws_vpc_endpoint.ecr_api', 'delete', {
          before: ecrApiEndpoint,
        }),
      ]),
    );
    expect(impact.verdict).toBe('breaks');
    expect(impact.vpcs).toEqual([
      { vpcId: PAYMENTS_VPC, addresses: ['aws_vpc_endpoint.ecr_api'] },
    ]);
    const [service] = impact.services;
    expect(service).toMatchObject({
      serviceName: 'payments-api',
      clusterName: 'shop',
      before: 'ready',
      after: 'not-ready',
      outcome: 'breaks',
    });
    expect(service.newFindings).toEqual([
      expect.objectContaining({
        finding: expect.objectContaining({
          rule: 'missing-endpoint',
          service: 'ecr.api',
        }),
        causes: ['aws_vpc_endpoint.ecr_api'],
      }),
    ]);
  });

  it('the same endpoint kept (no-op) breaks nothing', async () => {
    const impact = await assess(
      planDocument([
        resourceChange('aws_vpc_endpoint.ecr_api', 'no-op', {
          before: ecrApiEndpoint,
        }),
      ]),
    );
    expect(impact.verdict).toBe('safe');
    expect(impact.services).toEqual([]);
    expect(impact.changes).toEqual([]);
  });

  it('an update that keeps what the tasks use breaks nothing and judges the service', async () => {
    const impact = await assess(
      planDocument([
        resourceChange('aws_vpc_endpoint.ecr_api', 'update', {
          before: ecrApiEndpoint,
          after: { ...ecrApiEndpoint, tags: { team: 'network' } },
        }),
      ]),
    );
    expect(impact.verdict).toBe('safe');
    expect(outcomes(impact)).toEqual({ 'payments-api': 'unchanged' });
  });

  it('turning private DNS off fires private-dns-disabled; a replace with an unknown subnet list is undetermined', async () => {
    const off = await assess(
      planDocument([
        resourceChange('aws_vpc_endpoint.ecr_api', 'replace', {
          before: ecrApiEndpoint,
          after: {
            ...ecrApiEndpoint,
            id: undefined,
            private_dns_enabled: false,
          },
          afterUnknown: { id: true },
        }),
      ]),
    );
    expect(off.verdict).toBe('breaks');
    expect(rules(off, 'payments-api')).toContain(
      'private-dns-disabled:ecr.api',
    );

    const unknownSubnets = await assess(
      planDocument(
        [
          resourceChange('aws_vpc_endpoint.ecr_api', 'replace', {
            before: ecrApiEndpoint,
            after: { ...ecrApiEndpoint, id: undefined, subnet_ids: undefined },
            afterUnknown: { id: true, subnet_ids: true },
          }),
        ],
        [
          {
            address: 'aws_vpc_endpoint.ecr_api',
            expressions: { subnet_ids: references('var.subnet_ids') },
          },
        ],
      ),
    );
    expect(unknownSubnets.verdict).toBe('unknown');
    expect(unknownSubnets.services[0]).toMatchObject({
      outcome: 'undetermined',
      after: 'unknown',
    });
    expect(unknownSubnets.services[0].newUnknown[0].reason).toContain(
      'aws_vpc_endpoint.ecr_api: subnet_ids is known only after apply',
    );
  });
});

describe('assessPlanImpact: the S3 gateway and route tables', () => {
  beforeEach(() => {
    // A second service on the same task subnets, so "every service" means two.
    const world = sandbox.world;
    const vpc = regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION).vpcs.find(
      v => v.id === PAYMENTS_VPC,
    )!;
    addToWorld(
      world,
      { accountId: EXAMPLE_ACCOUNT_ID, region: EXAMPLE_REGION },
      {
        services: [
          ecsService({
            accountId: EXAMPLE_ACCOUNT_ID,
            region: EXAMPLE_REGION,
            serviceName: 'payments-batch',
            clusterName: 'batch',
            vpc,
            image: ecrImage(
              EXAMPLE_ACCOUNT_ID,
              EXAMPLE_REGION,
              'payments-batch',
              '1.0.0',
            ),
          }),
        ],
      },
    );
  });

  it('removing the task route table from the S3 gateway names every service on that table', async () => {
    const impact = await assess(
      planDocument([
        resourceChange('aws_vpc_endpoint.s3', 'update', {
          before: s3Gateway,
          after: { ...s3Gateway, route_table_ids: [] },
        }),
      ]),
    );
    expect(impact.verdict).toBe('breaks');
    expect(outcomes(impact)).toEqual({
      'payments-api': 'breaks',
      'payments-batch': 'breaks',
    });
    for (const service of impact.services)
      expect(service.newFindings).toEqual([
        expect.objectContaining({
          finding: expect.objectContaining({ rule: 's3-route-table-missing' }),
          causes: ['aws_vpc_endpoint.s3'],
        }),
      ]);
  });

  it('deleting the aws_vpc_endpoint_route_table_association does the same; keeping it is quiet', async () => {
    const association = {
      id: `a-${PAYMENTS_S3}${PAYMENTS_TASK_TABLE}`,
      vpc_endpoint_id: PAYMENTS_S3,
      route_table_id: PAYMENTS_TASK_TABLE,
    };
    const removed = await assess(
      planDocument([
        resourceChange(
          'aws_vpc_endpoint_route_table_association.s3_tasks',
          'delete',
          {
            before: association,
          },
        ),
      ]),
    );
    expect(outcomes(removed)).toEqual({
      'payments-api': 'breaks',
      'payments-batch': 'breaks',
    });
    const kept = await assess(
      planDocument([
        resourceChange(
          'aws_vpc_endpoint_route_table_association.s3_tasks',
          'create',
          {
            after: {
              vpc_endpoint_id: PAYMENTS_S3,
              route_table_id: PAYMENTS_MAIN_TABLE,
            },
          },
        ),
      ]),
    );
    expect(kept.verdict).toBe('safe');
    expect(outcomes(kept)).toEqual({
      'payments-api': 'unchanged',
      'payments-batch': 'unchanged',
    });
  });

  it('moving the task subnets to the main table (aws_route_table_association) fires s3-route-table-missing; to an unknown table is undetermined', async () => {
    const move = (subnet: string, index: number, table: unknown) =>
      resourceChange(`aws_route_table_association.tasks_${index}`, 'update', {
        before: {
          id: `rtbassoc-${index}`,
          subnet_id: subnet,
          route_table_id: PAYMENTS_TASK_TABLE,
        },
        after: {
          id: `rtbassoc-${index}`,
          subnet_id: subnet,
          route_table_id: table,
        },
        afterUnknown: table === undefined ? { route_table_id: true } : {},
      });
    const moved = await assess(
      planDocument([
        move(SUBNET_A, 0, PAYMENTS_MAIN_TABLE),
        move(SUBNET_B, 1, PAYMENTS_MAIN_TABLE),
      ]),
    );
    expect(moved.verdict).toBe('breaks');
    expect(rules(moved, 'payments-api')).toContain('s3-route-table-missing:s3');
    const unknown = await assess(planDocument([move(SUBNET_A, 0, undefined)]));
    expect(unknown.verdict).toBe('unknown');
    expect(outcomes(unknown)).toEqual({
      'payments-api': 'undetermined',
      'payments-batch': 'undetermined',
    });
  });
});

describe('assessPlanImpact: NAT routes', () => {
  it('deleting the NAT route of legacy-reports (aws_route) breaks it; adding a route elsewhere is quiet', async () => {
    const vpc = regionOf(
      sandbox.world,
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
    ).vpcs.find(v => v.id === reports.vpcId)!;
    const table = vpc.routeTables.find(t =>
      t.routes.some(r => r.target.startsWith('nat-')),
    )!;
    const nat = table.routes.find(r => r.target.startsWith('nat-'))!;
    const route = {
      id: `r-${table.id}1080289494`,
      route_table_id: table.id,
      destination_cidr_block: '0.0.0.0/0',
      nat_gateway_id: nat.target,
    };
    const deleted = await assess(
      planDocument([
        resourceChange('aws_route.nat', 'delete', { before: route }),
      ]),
    );
    expect(deleted.verdict).toBe('breaks');
    expect(outcomes(deleted)).toEqual({ 'legacy-reports': 'breaks' });
    expect(rules(deleted, 'legacy-reports')).toEqual(
      expect.arrayContaining(['missing-endpoint:ecr.api']),
    );
    const added = await assess(
      planDocument([
        resourceChange('aws_route.peer', 'create', {
          after: {
            route_table_id: table.id,
            destination_cidr_block: '10.99.0.0/16',
            vpc_peering_connection_id: 'pcx-0123456789abcdef0',
          },
        }),
      ]),
    );
    expect(added.verdict).toBe('safe');
    expect(outcomes(added)).toEqual({ 'legacy-reports': 'unchanged' });
  });
});

describe('assessPlanImpact: a plan that fixes orders-worker', () => {
  it('a new ecr.api endpoint (with a new security group by reference) and the S3 association make it ready', async () => {
    const orderVpc = regionOf(
      sandbox.world,
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
    ).vpcs.find(v => v.id === orders.vpcId)!;
    const taskTable = orderVpc.routeTables.find(t =>
      t.subnetIds.includes(orders.subnetIds[0]),
    )!;
    const s3 = orderVpc.endpoints.find(e => e.serviceName.endsWith('.s3'))!;
    const impact = await assess(
      planDocument(
        [
          resourceChange('aws_security_group.endpoints', 'create', {
            after: { vpc_id: orders.vpcId, name: 'orders-endpoints' },
            afterUnknown: { id: true, ingress: true, egress: true },
          }),
          resourceChange(
            'aws_vpc_security_group_ingress_rule.https',
            'create',
            {
              after: {
                ip_protocol: 'tcp',
                from_port: 443,
                to_port: 443,
                referenced_security_group_id: orders.securityGroupIds[0],
              },
              afterUnknown: { id: true, security_group_id: true },
            },
          ),
          resourceChange(
            'aws_vpc_security_group_egress_rule.tasks_https',
            'create',
            {
              after: {
                security_group_id: orders.securityGroupIds[0],
                ip_protocol: 'tcp',
                from_port: 443,
                to_port: 443,
              },
              afterUnknown: { id: true, referenced_security_group_id: true },
            },
          ),
          resourceChange('aws_vpc_endpoint.ecr_api', 'create', {
            after: {
              vpc_id: orders.vpcId,
              service_name: `com.amazonaws.${EXAMPLE_REGION}.ecr.api`,
              vpc_endpoint_type: 'Interface',
              private_dns_enabled: true,
              subnet_ids: orders.subnetIds,
            },
            afterUnknown: {
              id: true,
              security_group_ids: true,
              policy: true,
              route_table_ids: true,
            },
          }),
          resourceChange(
            'aws_vpc_endpoint_route_table_association.s3_tasks',
            'create',
            {
              after: { vpc_endpoint_id: s3.id, route_table_id: taskTable.id },
            },
          ),
        ],
        [
          {
            address: 'aws_security_group.endpoints',
            expressions: { vpc_id: { constant_value: orders.vpcId } },
          },
          {
            address: 'aws_vpc_security_group_ingress_rule.https',
            expressions: {
              security_group_id: references('aws_security_group.endpoints.id'),
            },
          },
          {
            address: 'aws_vpc_security_group_egress_rule.tasks_https',
            expressions: {
              referenced_security_group_id: references(
                'aws_security_group.endpoints.id',
              ),
            },
          },
          {
            address: 'aws_vpc_endpoint.ecr_api',
            expressions: {
              security_group_ids: references('aws_security_group.endpoints.id'),
            },
          },
        ],
      ),
    );
    expect(impact.planUnknowns).toEqual([]);
    expect(outcomes(impact)).toEqual({ 'orders-worker': 'fixes' });
    expect(impact.verdict).toBe('safe');
    expect(
      impact.services[0].resolvedFindings.map(f => f.finding.rule).sort(),
    ).toEqual(['missing-endpoint', 's3-route-table-missing']);
  });
});

describe('assessPlanImpact: AWS faults are unknown, never a pass', () => {
  const deleteEcrApi = () =>
    planDocument([
      resourceChange('aws_vpc_endpoint.ecr_api', 'delete', {
        before: ecrApiEndpoint,
      }),
    ]);

  it.each(['ListClusters', 'ListServices', 'DescribeServices'])(
    '%s refused: the services are unknown, so it cannot tell',
    async action => {
      sandbox.setFaults([{ action, kind: 'access-denied' }]);
      const impact = await assess(deleteEcrApi());
      expect(impact.verdict).toBe('unknown');
      expect(impact.gaps.length).toBeGreaterThan(0);
      for (const gap of impact.gaps)
        expect(gap).toMatchObject({
          call: action,
          reason: expect.stringContaining('AccessDenied'),
        });
    },
  );

  it('DescribeTaskDefinition refused: the service is judged on what is known, its unknown kept', async () => {
    sandbox.setFaults([
      { action: 'DescribeTaskDefinition', kind: 'access-denied' },
    ]);
    const impact = await assess(deleteEcrApi());
    expect(impact.services).toEqual([
      expect.objectContaining({
        serviceName: 'payments-api',
        before: 'unknown',
      }),
    ]);
    expect(impact.verdict).not.toBe('safe');
  });

  it("the VPC's endpoints unreadable: undetermined, not a pass", async () => {
    sandbox.setFaults([
      { action: 'DescribeVpcEndpoints', kind: 'access-denied' },
    ]);
    const impact = await assess(deleteEcrApi());
    expect(impact.verdict).toBe('unknown');
    expect(impact.services[0]).toMatchObject({
      before: 'unknown',
      outcome: 'undetermined',
    });
  });
});
