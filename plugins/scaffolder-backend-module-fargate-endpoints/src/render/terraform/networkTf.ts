import {
  attr,
  blank,
  block,
  comment,
  lit,
  obj,
  raw,
  renderHclFile,
  str,
  topBlock,
  type HclBlock,
} from '../../hcl/writer';
import type { ServicePlan } from '../../service/servicePlan';
import { needsTaskRouteTables } from './planRefs';

/** A new VPC with one isolated subnet per AZ: private subnets whose route tables have no 0.0.0.0/0. */
function newVpcBlocks(): HclBlock[] {
  return [
    topBlock(
      'data',
      ['aws_availability_zones', 'available'],
      [attr('state', str('available'))],
    ),
    topBlock(
      'resource',
      ['aws_vpc', 'this'],
      [
        attr('cidr_block', raw('var.vpc_cidr')),
        comment(
          'Private DNS of interface endpoints needs both; the provider defaults hostnames to false.',
        ),
        attr('enable_dns_support', lit(true)),
        attr('enable_dns_hostnames', lit(true)),
        blank,
        attr('tags', obj({ Name: raw('var.service_name') })),
      ],
    ),
    topBlock(
      'resource',
      ['aws_subnet', 'private'],
      [
        attr(
          'for_each',
          raw('{ for index, az in local.availability_zones : az => index }'),
        ),
        blank,
        attr('vpc_id', raw('aws_vpc.this.id')),
        attr('availability_zone', raw('each.key')),
        attr('cidr_block', raw('cidrsubnet(var.vpc_cidr, 2, each.value)')),
        attr('map_public_ip_on_launch', lit(false)),
        blank,
        attr(
          'tags',
          obj({ Name: str('${var.service_name}-private-${each.key}') }),
        ),
      ],
    ),
    topBlock(
      'resource',
      ['aws_route_table', 'private'],
      [
        comment(
          'Only the implicit local route: no internet gateway, no NAT. AWS is reached through',
        ),
        comment(
          'the interface endpoints (DNS) and the S3 gateway endpoint (a prefix-list route).',
        ),
        attr('for_each', raw('aws_subnet.private')),
        blank,
        attr('vpc_id', raw('aws_vpc.this.id')),
        blank,
        attr(
          'tags',
          obj({ Name: str('${var.service_name}-private-${each.key}') }),
        ),
      ],
    ),
    topBlock(
      'resource',
      ['aws_route_table_association', 'private'],
      [
        attr('for_each', raw('aws_subnet.private')),
        blank,
        attr('subnet_id', raw('each.value.id')),
        attr('route_table_id', raw('aws_route_table.private[each.key].id')),
      ],
    ),
    topBlock(
      'locals',
      [],
      [
        attr(
          'availability_zones',
          raw(
            'slice(data.aws_availability_zones.available.names, 0, var.az_count)',
          ),
        ),
        attr('vpc_id', raw('aws_vpc.this.id')),
        attr('vpc_cidr', raw('aws_vpc.this.cidr_block')),
        attr(
          'task_subnet_ids',
          raw('[for subnet in aws_subnet.private : subnet.id]'),
        ),
        attr(
          'endpoint_subnet_ids',
          raw('[for subnet in aws_subnet.private : subnet.id]'),
        ),
        attr(
          'task_route_table_ids',
          raw('[for table in aws_route_table.private : table.id]'),
        ),
      ],
    ),
  ];
}

/** The existing VPC, read through data sources; the VPC's DNS settings are asserted at plan time. */
function existingVpcBlocks(
  plan: ServicePlan & { network: { mode: 'existingVpc' } },
): HclBlock[] {
  const blocks: HclBlock[] = [
    topBlock(
      'data',
      ['aws_vpc', 'this'],
      [
        attr('id', raw('var.vpc_id')),
        blank,
        block(
          'lifecycle',
          [],
          [
            block(
              'postcondition',
              [],
              [
                attr(
                  'condition',
                  raw('self.enable_dns_support && self.enable_dns_hostnames'),
                ),
                attr(
                  'error_message',
                  str(
                    'Interface endpoints with private DNS need enableDnsSupport and enableDnsHostnames on the VPC.',
                  ),
                ),
              ],
            ),
          ],
        ),
      ],
    ),
    topBlock(
      'data',
      ['aws_subnet', 'task'],
      [
        attr('for_each', raw('toset(var.subnet_ids)')),
        blank,
        attr('id', raw('each.value')),
        blank,
        block(
          'lifecycle',
          [],
          [
            block(
              'postcondition',
              [],
              [
                attr('condition', raw('self.vpc_id == var.vpc_id')),
                attr(
                  'error_message',
                  str('Every task subnet must be in var.vpc_id.'),
                ),
              ],
            ),
          ],
        ),
      ],
    ),
  ];
  const locals = [
    attr('vpc_id', raw('data.aws_vpc.this.id')),
    attr('vpc_cidr', raw('data.aws_vpc.this.cidr_block')),
    attr('task_subnet_ids', raw('var.subnet_ids')),
    comment(
      'An interface endpoint takes at most one subnet per AZ: the first task subnet of each.',
    ),
    attr(
      'subnets_by_az',
      raw(
        '{ for subnet in data.aws_subnet.task : subnet.availability_zone => subnet.id... }',
      ),
    ),
    attr(
      'endpoint_subnet_ids',
      raw('[for az, ids in local.subnets_by_az : sort(ids)[0]]'),
    ),
  ];
  if (plan.network.routeTableIds) {
    locals.push(attr('task_route_table_ids', raw('var.route_table_ids')));
  } else if (needsTaskRouteTables(plan)) {
    blocks.push(
      topBlock(
        'data',
        ['aws_route_tables', 'main'],
        [
          attr('vpc_id', raw('var.vpc_id')),
          blank,
          block(
            'filter',
            [],
            [
              attr('name', str('association.main')),
              attr('values', raw('["true"]')),
            ],
          ),
        ],
      ),
      topBlock(
        'data',
        ['aws_route_tables', 'explicit'],
        [
          attr('for_each', raw('toset(var.subnet_ids)')),
          blank,
          attr('vpc_id', raw('var.vpc_id')),
          blank,
          block(
            'filter',
            [],
            [
              attr('name', str('association.subnet-id')),
              attr('values', raw('[each.value]')),
            ],
          ),
        ],
      ),
    );
    locals.push(
      comment(
        "A subnet without an explicit association uses the VPC's main route table.",
      ),
      attr(
        'task_route_table_ids',
        raw(
          'distinct([for s in var.subnet_ids : length(data.aws_route_tables.explicit[s].ids) > 0 ? data.aws_route_tables.explicit[s].ids[0] : data.aws_route_tables.main.ids[0]])',
        ),
      ),
    );
  }
  blocks.push(topBlock('locals', [], locals));
  return blocks;
}

/** network.tf: where the tasks and endpoints live. */
export function renderNetworkTf(plan: ServicePlan): string {
  const net = plan.network;
  if (net.mode === 'newVpc') {
    return renderHclFile(newVpcBlocks(), [
      'An isolated VPC: private subnets with no route out. Tasks reach ECR, S3, CloudWatch Logs',
      'and the other AWS APIs they need through the VPC endpoints in endpoints.tf.',
    ]);
  }
  return renderHclFile(
    existingVpcBlocks(plan as ServicePlan & { network: typeof net }),
    [
      `The existing VPC ${net.vpcId}. Endpoints belong to the VPC: the ones it already has are`,
      'reused in endpoints.tf, never created twice.',
    ],
  );
}
