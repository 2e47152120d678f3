/**
 * Every resource kind the impact overlays, firing and quiet, with values known only after
 * apply, through the real SDK against the sandbox: each case is a plan document in
 * HashiCorp's JSON output format against payments-api's VPC (or analytics-api's, for zones).
 */
import {
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCESS_KEY_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from '@fargate-endpoints/aws-sandbox';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import {
  planDocument,
  references,
  resourceChange,
  type ConfiguredResource,
  type ResourceChangeJson,
} from '../__testUtils__/terraformPlans';
import { createAwsClients, destroyAwsClients } from '../aws/clients';
import { createAwsReader } from '../check/reader';
import { assessPlanImpact } from './assessPlanImpact';
import type { PlanImpact } from './types';

const { sandbox, clients } = useExampleSandbox();
const payments = EXAMPLE_SERVICES['payments-api'];
const analytics = EXAMPLE_SERVICES['analytics-api'];
const VPC = payments.vpcId;
const TASK_TABLE = 'rtb-04bbf1cc81fc21f7f';
const MAIN_TABLE = 'rtb-0d960bc5b89cc66db';
const ECR_API = 'vpce-05338c5d00706cab5';
const ACL = 'acl-0f3fa2fe06a6492f2';
const [SUBNET_A, SUBNET_B] = payments.subnetIds;
const TASK_SG = payments.securityGroupIds[0];
const ENDPOINT_SG = payments.endpointSecurityGroupId!;
const S3_PREFIX_LIST = 'pl-6da54004';

async function assess(
  changes: ResourceChangeJson[],
  configured: ConfiguredResource[] = [],
  withHub = false,
): Promise<PlanImpact> {
  const hubClients = withHub
    ? createAwsClients({
        region: EXAMPLE_REGION,
        credentials: {
          accessKeyId: EXAMPLE_HUB_ACCESS_KEY_ID,
          secretAccessKey: 'sandbox',
        },
        maxAttempts: 2,
        retryBaseDelayMs: 1,
      })
    : undefined;
  try {
    return await assessPlanImpact(
      planDocument(changes, configured),
      createAwsReader(clients(), { accountId: EXAMPLE_ACCOUNT_ID }),
      {
        hub: hubClients && {
          accountId: EXAMPLE_HUB_ACCOUNT_ID,
          reader: createAwsReader(hubClients, {
            accountId: EXAMPLE_HUB_ACCOUNT_ID,
          }),
        },
      },
    );
  } finally {
    if (hubClients) destroyAwsClients(hubClients);
  }
}

/** `<outcome> <rule:service,...>` of one service: what a reader of the impact sees. */
function summary(impact: PlanImpact, name = 'payments-api'): string {
  const service = impact.services.find(s => s.serviceName === name);
  if (!service) return 'absent';
  const rules = service.newFindings
    .map(
      f =>
        `${f.finding.rule}${f.finding.service ? `:${f.finding.service}` : ''}`,
    )
    .sort();
  return [service.outcome, ...new Set(rules)].join(' ');
}

const vpc = {
  id: VPC,
  cidr_block: '10.10.0.0/16',
  enable_dns_support: true,
  enable_dns_hostnames: true,
};

const endpointGroup = {
  id: ENDPOINT_SG,
  vpc_id: VPC,
  name: 'payments-vpc-endpoints',
  ingress: [
    {
      protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_blocks: [],
      ipv6_cidr_blocks: [],
      prefix_list_ids: [],
      security_groups: [TASK_SG],
      self: false,
    },
  ],
  egress: [
    {
      protocol: '-1',
      from_port: 0,
      to_port: 0,
      cidr_blocks: ['0.0.0.0/0'],
      ipv6_cidr_blocks: [],
      prefix_list_ids: [],
      security_groups: [],
      self: false,
    },
  ],
};

const allowAll = (rule_no: number) => ({
  rule_no,
  action: 'allow',
  protocol: '-1',
  from_port: 0,
  to_port: 0,
  cidr_block: '0.0.0.0/0',
  ipv6_cidr_block: '',
});

const acl = {
  id: ACL,
  vpc_id: VPC,
  subnet_ids: [SUBNET_A, SUBNET_B],
  ingress: [allowAll(100)],
  egress: [allowAll(100)],
};

describe('aws_vpc', () => {
  it('fires vpc-dns-disabled when DNS hostnames go off; quiet when they stay on; undetermined when unknown', async () => {
    const off = await assess([
      resourceChange('aws_vpc.main', 'update', {
        before: vpc,
        after: { ...vpc, enable_dns_hostnames: false },
      }),
    ]);
    expect(summary(off)).toBe('breaks vpc-dns-disabled');
    const on = await assess([
      resourceChange('aws_vpc.main', 'update', {
        before: vpc,
        after: { ...vpc, tags: { Name: 'payments' } },
      }),
    ]);
    expect(summary(on)).toBe('unchanged');
    const unknown = await assess(
      [
        resourceChange('aws_vpc.main', 'update', {
          before: vpc,
          after: { ...vpc, enable_dns_support: undefined },
          afterUnknown: { enable_dns_support: true },
        }),
      ],
      [
        {
          address: 'aws_vpc.main',
          expressions: { enable_dns_support: references('var.dns') },
        },
      ],
    );
    expect(summary(unknown)).toBe('undetermined');
  });
});

describe('aws_vpc_endpoint_subnet_association and _security_group_association', () => {
  it('removing both endpoint subnets is quiet for reachability but an update of the groups fires', async () => {
    const subnetGone = await assess([
      resourceChange('aws_vpc_endpoint_subnet_association.a', 'delete', {
        before: { id: 'a-1', vpc_endpoint_id: ECR_API, subnet_id: SUBNET_A },
      }),
    ]);
    // One AZ left: the tasks in the other still reach it (endpoint-az-gap is a warning).
    expect(summary(subnetGone)).toBe('unchanged');
    const groupGone = await assess([
      resourceChange(
        'aws_vpc_endpoint_security_group_association.endpoints',
        'delete',
        {
          before: {
            id: 'a-2',
            vpc_endpoint_id: ECR_API,
            security_group_id: ENDPOINT_SG,
            replace_default_association: false,
          },
        },
      ),
    ]);
    // The endpoint loses the group that lets the tasks in, and the tasks' egress named it.
    expect(summary(groupGone)).toBe(
      'breaks endpoint-sg-blocks-tasks:ecr.api task-egress-blocked:ecr.api',
    );
    const unknownGroup = await assess([
      resourceChange(
        'aws_vpc_endpoint_security_group_association.more',
        'create',
        {
          after: {
            vpc_endpoint_id: ECR_API,
            replace_default_association: false,
          },
          afterUnknown: { id: true, security_group_id: true },
        },
      ),
    ]);
    expect(summary(unknownGroup)).toBe('undetermined');
  });
});

describe('aws_route_table (inline routes) and aws_main_route_table_association', () => {
  it('a route to an unknown NAT gateway is undetermined; a blackholed default route elsewhere is quiet', async () => {
    const table = { id: TASK_TABLE, vpc_id: VPC, route: [] };
    const unknownTarget = await assess([
      resourceChange('aws_route_table.tasks', 'update', {
        before: table,
        after: {
          ...table,
          route: [{ cidr_block: '0.0.0.0/0', nat_gateway_id: null }],
        },
        afterUnknown: { route: [{ nat_gateway_id: true }] },
      }),
    ]);
    expect(summary(unknownTarget)).toBe('undetermined');
    const internet = await assess([
      resourceChange('aws_route_table.tasks', 'update', {
        before: table,
        after: {
          ...table,
          route: [
            { cidr_block: '0.0.0.0/0', gateway_id: 'igw-0123456789abcdef0' },
          ],
        },
      }),
    ]);
    // A public path with assignPublicIp DISABLED: the task cannot reach anything.
    expect(summary(internet)).toBe('breaks public-ip-required');
  });

  it('a new main table only matters to subnets without their own: quiet here', async () => {
    const impact = await assess([
      resourceChange('aws_main_route_table_association.main', 'create', {
        after: { vpc_id: VPC, route_table_id: TASK_TABLE },
        afterUnknown: { id: true, original_route_table_id: true },
      }),
    ]);
    expect(summary(impact)).toBe('unchanged');
  });

  it("deleting the task subnets' explicit associations sends them to the main table, which lacks the S3 gateway", async () => {
    const impact = await assess(
      [SUBNET_A, SUBNET_B].map((subnet, i) =>
        resourceChange(`aws_route_table_association.tasks_${i}`, 'delete', {
          before: {
            id: `rtbassoc-${i}`,
            subnet_id: subnet,
            route_table_id: TASK_TABLE,
          },
        }),
      ),
    );
    expect(summary(impact)).toBe('breaks s3-route-table-missing:s3');
    expect(impact.services[0].newFindings[0].causes).toEqual([
      'aws_route_table_association.tasks_0',
      'aws_route_table_association.tasks_1',
    ]);
    // ... unless the main table becomes the one with the gateway.
    const withMain = await assess([
      ...[SUBNET_A, SUBNET_B].map((subnet, i) =>
        resourceChange(`aws_route_table_association.tasks_${i}`, 'delete', {
          before: {
            id: `rtbassoc-${i}`,
            subnet_id: subnet,
            route_table_id: TASK_TABLE,
          },
        }),
      ),
      resourceChange('aws_main_route_table_association.main', 'update', {
        before: {
          id: 'rtbassoc-main',
          vpc_id: VPC,
          route_table_id: MAIN_TABLE,
          original_route_table_id: MAIN_TABLE,
        },
        after: {
          id: 'rtbassoc-main',
          vpc_id: VPC,
          route_table_id: TASK_TABLE,
          original_route_table_id: MAIN_TABLE,
        },
      }),
    ]);
    expect(summary(withMain)).toBe('unchanged');
  });
});

describe('security groups, inline and standalone', () => {
  it("aws_security_group: dropping the endpoint group's ingress fires; adding a rule is quiet; unknown blocks are undetermined", async () => {
    const dropped = await assess([
      resourceChange('aws_security_group.endpoints', 'update', {
        before: endpointGroup,
        after: { ...endpointGroup, ingress: [] },
      }),
    ]);
    expect(summary(dropped)).toMatch(/^breaks endpoint-sg-blocks-tasks:/);
    const added = await assess([
      resourceChange('aws_security_group.endpoints', 'update', {
        before: endpointGroup,
        after: {
          ...endpointGroup,
          ingress: [
            ...endpointGroup.ingress,
            {
              ...endpointGroup.ingress[0],
              security_groups: [],
              cidr_blocks: ['10.99.0.0/16'],
            },
          ],
        },
      }),
    ]);
    expect(summary(added)).toBe('unchanged');
    const unknown = await assess([
      resourceChange('aws_security_group.endpoints', 'update', {
        before: endpointGroup,
        after: {
          ...endpointGroup,
          ingress: [{ ...endpointGroup.ingress[0], security_groups: null }],
        },
        afterUnknown: { ingress: [{ security_groups: true }] },
      }),
    ]);
    expect(summary(unknown)).toBe('undetermined');
  });

  it("aws_security_group_rule: deleting the tasks' egress to the endpoints fires task-egress-blocked; an unrelated rule is quiet", async () => {
    const rule = {
      id: 'sgrule-1',
      type: 'egress',
      security_group_id: TASK_SG,
      protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      source_security_group_id: ENDPOINT_SG,
      self: false,
    };
    const deleted = await assess([
      resourceChange('aws_security_group_rule.tasks_to_endpoints', 'delete', {
        before: rule,
      }),
    ]);
    expect(summary(deleted)).toMatch(/^breaks task-egress-blocked:/);
    const other = await assess(
      [
        resourceChange('aws_security_group_rule.ssh', 'create', {
          after: {
            ...rule,
            id: undefined,
            type: 'ingress',
            from_port: 22,
            to_port: 22,
            cidr_blocks: ['10.0.0.0/8'],
            source_security_group_id: undefined,
          },
          afterUnknown: { id: true, source_security_group_id: true },
        }),
      ],
      [
        {
          address: 'aws_security_group_rule.ssh',
          expressions: { cidr_blocks: { constant_value: ['10.0.0.0/8'] } },
        },
      ],
    );
    expect(summary(other)).toBe('unchanged');
  });

  it('aws_vpc_security_group_egress_rule / _ingress_rule: deleting the S3 egress fires; a rule on an unknown group is undetermined', async () => {
    const deleted = await assess([
      resourceChange('aws_vpc_security_group_egress_rule.tasks_s3', 'delete', {
        before: {
          id: 'sgr-1',
          security_group_id: TASK_SG,
          ip_protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          prefix_list_id: S3_PREFIX_LIST,
        },
      }),
    ]);
    expect(summary(deleted)).toBe('breaks task-egress-blocked:s3');
    const unknown = await assess(
      [
        resourceChange('aws_vpc_security_group_ingress_rule.extra', 'create', {
          after: {
            ip_protocol: 'tcp',
            from_port: 443,
            to_port: 443,
            cidr_ipv4: '10.0.0.0/8',
          },
          afterUnknown: { id: true, security_group_id: true },
        }),
      ],
      [
        {
          address: 'aws_vpc_security_group_ingress_rule.extra',
          expressions: {
            security_group_id: references('module.shared.group_id'),
          },
        },
      ],
    );
    expect(unknown.verdict).toBe('unknown');
    expect(unknown.planUnknowns).toEqual([
      expect.objectContaining({
        address: 'aws_vpc_security_group_ingress_rule.extra',
        attribute: 'security_group_id',
      }),
    ]);
  });
});

describe('network ACLs', () => {
  it('aws_network_acl: an egress deny of 443 fires nacl-blocks-https; keeping allow-all is quiet', async () => {
    const deny = await assess([
      resourceChange('aws_network_acl.tasks', 'update', {
        before: acl,
        after: {
          ...acl,
          egress: [
            {
              ...allowAll(50),
              action: 'deny',
              protocol: 'tcp',
              from_port: 443,
              to_port: 443,
            },
            allowAll(100),
          ],
        },
      }),
    ]);
    expect(summary(deny)).toMatch(/^breaks nacl-blocks-https/);
    const same = await assess([
      resourceChange('aws_network_acl.tasks', 'update', {
        before: acl,
        after: { ...acl, tags: { Name: 'tasks' } },
      }),
    ]);
    expect(summary(same)).toBe('unchanged');
  });

  it('aws_network_acl_rule: a deny rule fires; an allow rule is quiet', async () => {
    const rule = {
      network_acl_id: ACL,
      rule_number: 10,
      egress: false,
      protocol: 'tcp',
      rule_action: 'deny',
      cidr_block: '0.0.0.0/0',
      from_port: 1024,
      to_port: 65535,
    };
    const deny = await assess([
      resourceChange('aws_network_acl_rule.no_return', 'create', {
        after: rule,
      }),
    ]);
    expect(summary(deny)).toMatch(/^breaks nacl-blocks-https/);
    const allow = await assess([
      resourceChange('aws_network_acl_rule.ok', 'create', {
        after: { ...rule, rule_action: 'allow' },
      }),
    ]);
    expect(summary(allow)).toBe('unchanged');
  });

  it('aws_network_acl_association: a subnet moved to a new ACL without rules fires; to an unknown ACL is undetermined', async () => {
    const moved = await assess(
      [
        resourceChange('aws_network_acl.locked', 'create', {
          after: { vpc_id: VPC, ingress: [], egress: [] },
          afterUnknown: { id: true, subnet_ids: true },
        }),
        resourceChange('aws_network_acl_association.a', 'create', {
          after: { subnet_id: SUBNET_A },
          afterUnknown: { id: true, network_acl_id: true },
        }),
      ],
      [
        { address: 'aws_network_acl.locked', expressions: {} },
        {
          address: 'aws_network_acl_association.a',
          expressions: {
            network_acl_id: references('aws_network_acl.locked.id'),
          },
        },
      ],
    );
    expect(summary(moved)).toMatch(/^breaks nacl-blocks-https/);
    expect(moved.services[0].newFindings[0].causes).toEqual([
      'aws_network_acl.locked',
      'aws_network_acl_association.a',
    ]);
    const unknown = await assess([
      resourceChange('aws_network_acl_association.a', 'create', {
        after: { subnet_id: SUBNET_A },
        afterUnknown: { id: true, network_acl_id: true },
      }),
    ]);
    expect(summary(unknown)).toBe('undetermined');
  });
});

describe('aws_vpc_dhcp_options_association', () => {
  it('custom DNS servers are a warning (quiet); an options set known only after apply is undetermined', async () => {
    const custom = await assess(
      [
        resourceChange('aws_vpc_dhcp_options.corp', 'create', {
          after: { domain_name_servers: ['10.10.0.53'] },
        }),
        resourceChange('aws_vpc_dhcp_options_association.corp', 'create', {
          after: { vpc_id: VPC },
          afterUnknown: { id: true, dhcp_options_id: true },
        }),
      ],
      [
        {
          address: 'aws_vpc_dhcp_options_association.corp',
          expressions: {
            dhcp_options_id: references('aws_vpc_dhcp_options.corp.id'),
          },
        },
      ],
    );
    expect(summary(custom)).toBe('unchanged');
    const unknown = await assess([
      resourceChange('aws_vpc_dhcp_options_association.corp', 'create', {
        after: { vpc_id: VPC },
        afterUnknown: { id: true, dhcp_options_id: true },
      }),
    ]);
    expect(summary(unknown)).toBe('undetermined');
  });
});

describe('Route 53 private zones (analytics-api reaches the hub through them)', () => {
  function ecrZone() {
    const zone = sandbox.world.accounts[
      EXAMPLE_HUB_ACCOUNT_ID
    ].hostedZones!.find(z => z.name.startsWith('api.ecr.'))!;
    return zone;
  }

  it('aws_route53_zone_association: dissociating the hub ECR API zone from the spoke breaks analytics-api; another VPC is quiet', async () => {
    const zone = ecrZone();
    const removed = await assess(
      [
        resourceChange('aws_route53_zone_association.spoke', 'delete', {
          before: {
            id: `${zone.id}:${analytics.vpcId}`,
            zone_id: zone.id,
            vpc_id: analytics.vpcId,
            vpc_region: EXAMPLE_REGION,
          },
        }),
      ],
      [],
      true,
    );
    expect(summary(removed, 'analytics-api')).toBe(
      'breaks missing-endpoint:ecr.api',
    );
    const elsewhere = await assess(
      [
        resourceChange('aws_route53_zone_association.payments', 'create', {
          after: { zone_id: zone.id, vpc_id: VPC, vpc_region: EXAMPLE_REGION },
        }),
      ],
      [],
      true,
    );
    expect(summary(elsewhere, 'analytics-api')).toBe('absent');
  });

  it('aws_route53_zone: a zone whose vpc blocks drop the spoke breaks analytics-api', async () => {
    const zone = ecrZone();
    const before = {
      id: zone.id,
      zone_id: zone.id,
      name: zone.name,
      vpc: zone.vpcs.map(v => ({ vpc_id: v.vpcId, vpc_region: v.region })),
    };
    const dropped = await assess(
      [
        resourceChange('aws_route53_zone.ecr_api', 'update', {
          before,
          after: {
            ...before,
            vpc: before.vpc.filter(v => v.vpc_id !== analytics.vpcId),
          },
        }),
      ],
      [],
      true,
    );
    expect(summary(dropped, 'analytics-api')).toBe(
      'breaks missing-endpoint:ecr.api',
    );
  });
});
