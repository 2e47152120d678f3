import { parsePlaceholder } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  attr,
  blank,
  call,
  comment,
  lit,
  list,
  obj,
  raw,
  renderHclFile,
  str,
  strings,
  topBlock,
  type HclBlock,
  type HclBodyItem,
} from '../../hcl/writer';
import type { ServicePlan } from '../../service/servicePlan';
import {
  createdInterfaces,
  createdS3Gateway,
  endpointIdRef,
  existingGroupSet,
  namedServices,
  routeTablesFoundAtApply,
  routeTablesRef,
  s3EndpointRef,
  ruleGroups,
  securityGroupRef,
  serviceNameTemplate,
} from './planRefs';

function s3Policy(plan: ServicePlan): HclBodyItem[] {
  return [
    comment(
      'Least privilege for image pulls: ECR keeps image layers in this AWS-owned bucket.',
    ),
    attr(
      'policy',
      call(
        'jsonencode',
        obj({
          Version: str('2012-10-17'),
          Statement: list([
            obj({
              Sid: str('EcrImageLayers'),
              Effect: str('Allow'),
              Principal: str('*'),
              Action: strings(['s3:GetObject']),
              Resource: strings([
                `arn:${plan.partition}:s3:::prod-\${var.region}-starport-layer-bucket/*`,
              ]),
            }),
          ]),
        }),
      ),
    ),
  ];
}

function serviceNamesLocal(plan: ServicePlan): HclBlock[] {
  const services = namedServices(plan);
  if (!services.length) return [];
  return [
    topBlock(
      'locals',
      [],
      [
        comment(
          `Endpoint service names in ${plan.region}'s partition (${plan.partition}).`,
        ),
        attr(
          'endpoint_service_names',
          obj(
            Object.fromEntries(
              services.map(s => [s, str(serviceNameTemplate(plan.region, s))]),
            ),
          ),
        ),
      ],
    ),
  ];
}

function createdEndpointBlocks(plan: ServicePlan): HclBlock[] {
  const blocks: HclBlock[] = [];
  const interfaces = createdInterfaces(plan);
  if (interfaces.length) {
    blocks.push(
      topBlock(
        'locals',
        [],
        [
          comment(
            'Interface endpoints this repository creates, from the needs:',
          ),
          ...interfaces.map(e =>
            comment(`${e.service}: ${e.reasons.join('; ') || e.need}`),
          ),
          attr(
            'interface_endpoint_services',
            call('toset', strings(interfaces.map(e => e.service))),
          ),
        ],
      ),
      topBlock(
        'resource',
        ['aws_security_group', 'endpoints'],
        [
          attr('name', str('${var.service_name}-vpc-endpoints')),
          attr(
            'description',
            str('VPC interface endpoints: HTTPS from Fargate tasks'),
          ),
          attr('vpc_id', raw('local.vpc_id')),
        ],
      ),
      topBlock(
        'resource',
        ['aws_vpc_endpoint', 'interface'],
        [
          attr('for_each', raw('local.interface_endpoint_services')),
          blank,
          attr('vpc_id', raw('local.vpc_id')),
          attr('service_name', raw('local.endpoint_service_names[each.value]')),
          attr('vpc_endpoint_type', str('Interface')),
          comment(
            'The provider defaults this to false; without it the SDK resolves the public endpoint.',
          ),
          attr('private_dns_enabled', lit(true)),
          attr('subnet_ids', raw('local.endpoint_subnet_ids')),
          attr('security_group_ids', raw('[aws_security_group.endpoints.id]')),
          blank,
          attr('tags', obj({ Name: str('${var.service_name}-${each.value}') })),
        ],
      ),
    );
  }
  const s3 = createdS3Gateway(plan);
  if (s3) {
    blocks.push(
      topBlock(
        'resource',
        ['aws_vpc_endpoint', 's3'],
        [
          comment(
            'ECR serves image layers from S3: only a Gateway endpoint serves them. A gateway endpoint',
          ),
          comment(
            'adds a prefix-list route to each route table and has no private DNS setting.',
          ),
          attr('vpc_id', raw('local.vpc_id')),
          attr('service_name', raw('local.endpoint_service_names["s3"]')),
          attr('vpc_endpoint_type', str('Gateway')),
          attr('route_table_ids', raw(routeTablesRef(s3.routeTableIds))),
          ...(plan.restrictS3EndpointPolicy ? [blank, ...s3Policy(plan)] : []),
          blank,
          attr('tags', obj({ Name: str('${var.service_name}-s3') })),
        ],
      ),
    );
  }
  return blocks;
}

function reusedEndpointsData(plan: ServicePlan): HclBlock[] {
  const reused = plan.endpoints.reuse;
  if (!reused.length) return [];
  const declared = reused.every(
    e => parsePlaceholder(e.id)?.kind === 'declared-endpoint',
  );
  const selection: HclBodyItem[] = declared
    ? [
        comment(
          'Declared by the template user, not read: found by service name at plan time.',
        ),
        attr('for_each', call('toset', strings(reused.map(e => e.service)))),
        blank,
        attr('vpc_id', raw('local.vpc_id')),
        attr('service_name', raw('local.endpoint_service_names[each.value]')),
        attr('state', str('available')),
      ]
    : [
        comment('Found by the VPC lookup when this repository was generated.'),
        attr(
          'for_each',
          obj(Object.fromEntries(reused.map(e => [e.service, str(e.id)]))),
        ),
        blank,
        attr('id', raw('each.value')),
      ];
  return [
    topBlock(
      'data',
      ['aws_vpc_endpoint', 'reused'],
      [
        comment(
          'Endpoints the VPC already has. Creating a second interface endpoint with private DNS',
        ),
        comment('for the same service would conflict with the first.'),
        ...selection,
      ],
    ),
  ];
}

/**
 * The route tables to put on the S3 gateway the VPC already has. Found at apply time (the
 * lookup was off), they are the task tables minus those the gateway is already on, read at
 * plan time from its data source: associating a table twice fails (`RouteAlreadyExists`), and
 * a later destroy would take away an association other services rely on.
 */
function associationTablesRef(plan: ServicePlan, tables: string[]): string {
  const all = routeTablesRef(tables);
  if (!routeTablesFoundAtApply(tables)) return all;
  const gateway = s3EndpointRef(plan);
  if (!gateway.startsWith('data.')) return all;
  return `setsubtract(${all}, ${gateway}.route_table_ids)`;
}

function routeTableAssociationBlocks(plan: ServicePlan): HclBlock[] {
  const associations = plan.endpoints.routeTableAssociations;
  if (!associations.length) return [];
  const endpointRefs = [
    ...new Set(associations.map(a => endpointIdRef(plan, a.endpointId))),
  ];
  if (endpointRefs.length !== 1)
    throw new Error('route table associations for more than one endpoint');
  const tables = associations.map(a => a.routeTableId);
  return [
    topBlock(
      'resource',
      ['aws_vpc_endpoint_route_table_association', 'reused_s3'],
      [
        comment(
          routeTablesFoundAtApply(tables)
            ? "The task subnets' route tables, on the S3 gateway the VPC already has. A table it is"
            : 'Task route tables the S3 gateway the VPC already has was not on (found by the lookup).',
        ),
        ...(routeTablesFoundAtApply(tables)
          ? [
              comment(
                'already on must be imported first; whoever manages that gateway must not list route',
              ),
              comment(
                'tables on it (route_table_ids), or the two fight over them on every apply.',
              ),
            ]
          : [
              comment(
                'Whoever manages that gateway must not list route tables on it (route_table_ids),',
              ),
              comment('or the two fight over them on every apply.'),
            ]),
        attr(
          'for_each',
          call('toset', raw(associationTablesRef(plan, tables))),
        ),
        blank,
        attr('vpc_endpoint_id', raw(endpointRefs[0])),
        attr('route_table_id', raw('each.value')),
      ],
    ),
  ];
}

function existingGroupIngressBlocks(plan: ServicePlan): HclBlock[] {
  const groups = ruleGroups(plan.endpoints);
  const set = existingGroupSet(
    groups.toExistingGroups.map(r => r.securityGroupId),
  );
  const newGroup = groups.toNewEndpointGroup[0];
  const blocks: HclBlock[] = [];
  if (newGroup) {
    blocks.push(
      topBlock(
        'resource',
        ['aws_vpc_security_group_ingress_rule', 'endpoints_https_from_tasks'],
        [
          attr('security_group_id', raw('aws_security_group.endpoints.id')),
          attr('description', str('HTTPS from the ${var.service_name} tasks')),
          attr('ip_protocol', str('tcp')),
          attr('from_port', lit(443)),
          attr('to_port', lit(443)),
          attr('referenced_security_group_id', raw(peerRef(newGroup.peer))),
        ],
      ),
    );
  }
  if (set) {
    const services = [
      ...new Set(groups.toExistingGroups.map(r => r.service)),
    ].join(', ');
    blocks.push(
      topBlock(
        'resource',
        [
          'aws_vpc_security_group_ingress_rule',
          'existing_endpoints_https_from_tasks',
        ],
        [
          comment(
            `The security groups of the existing ${services} endpoints must admit these tasks too.`,
          ),
          attr('for_each', raw(set)),
          blank,
          attr('security_group_id', raw('each.value')),
          attr('description', str('HTTPS from the ${var.service_name} tasks')),
          attr('ip_protocol', str('tcp')),
          attr('from_port', lit(443)),
          attr('to_port', lit(443)),
          attr(
            'referenced_security_group_id',
            raw(peerRef(groups.toExistingGroups[0].peer)),
          ),
        ],
      ),
    );
  }
  return blocks;
}

/** The HCL of a rule peer that is one security group. */
export function peerRef(peer: { groupId: string } | object): string {
  if (!('groupId' in peer)) throw new Error('expected a security group peer');
  const ref = securityGroupRef((peer as { groupId: string }).groupId);
  if (!ref) throw new Error(`no single reference for ${JSON.stringify(peer)}`);
  return ref;
}

/** What the plan was made from, for the file header. */
function planBasis(plan: ServicePlan): string {
  const net = plan.network;
  if (net.mode === 'newVpc') return 'the VPC this repository creates';
  return net.lookedUp
    ? `a read of ${net.vpcId}`
    : `what was declared about ${net.vpcId} (not read)`;
}

/** endpoints.tf: the endpoints the service needs (docs/domain.md#what-the-templates-generate), created or reused. */
export function renderEndpointsTf(plan: ServicePlan): string {
  const created = plan.endpoints.create.map(e => e.service);
  const reused = plan.endpoints.reuse.map(e => e.service);
  return renderHclFile(
    [
      ...serviceNamesLocal(plan),
      ...createdEndpointBlocks(plan),
      ...reusedEndpointsData(plan),
      ...routeTableAssociationBlocks(plan),
      ...existingGroupIngressBlocks(plan),
    ],
    [
      `VPC endpoints for the needs: ${plan.needs.join(', ')}.`,
      `Created here: ${created.join(', ') || 'none'}.`,
      `Reused (the VPC already has them): ${reused.join(', ') || 'none'}.`,
      `Planned by the fargate-endpoints engine from ${planBasis(plan)}.`,
    ],
  );
}
