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
import type { ServicePlan } from '../../service/plan';

/** True when this repository creates interface endpoints (and so their security group). */
export function createsInterfaceEndpoints(plan: ServicePlan): boolean {
  return plan.createEndpoints.some(e => e.type === 'Interface');
}

/** True when this repository creates the S3 gateway endpoint. */
export function createsS3Gateway(plan: ServicePlan): boolean {
  return plan.createEndpoints.some(e => e.service === 's3');
}

/** Reference to the S3 gateway endpoint, created or reused. */
export function s3EndpointRef(plan: ServicePlan): string {
  return createsS3Gateway(plan)
    ? 'aws_vpc_endpoint.s3'
    : 'data.aws_vpc_endpoint.reused["s3"]';
}

/** The expression for the security groups of reused interface endpoints. */
export const REUSED_ENDPOINT_SG_IDS =
  'toset(flatten([for endpoint in data.aws_vpc_endpoint.reused : endpoint.security_group_ids]))';

/** True when reused interface endpoints exist, whose security groups must admit the tasks. */
export function reusesInterfaceEndpoints(plan: ServicePlan): boolean {
  return plan.reuseEndpoints.some(e => e.type === 'Interface');
}

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

function createdEndpointBlocks(plan: ServicePlan): HclBlock[] {
  const blocks: HclBlock[] = [];
  const interfaces = plan.createEndpoints
    .filter(e => e.type === 'Interface')
    .map(e => e.service);
  if (interfaces.length) {
    blocks.push(
      topBlock(
        'locals',
        [],
        [
          comment(
            'Interface endpoints this repository creates, from the needs:',
          ),
          ...plan.createEndpoints
            .filter(e => e.type === 'Interface')
            .map(e =>
              comment(
                `${e.service}: ${
                  plan.needSources.find(s => s.need === e.need)?.reason ??
                  e.need
                }`,
              ),
            ),
          attr(
            'interface_endpoint_services',
            call('toset', strings(interfaces)),
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
        ['aws_vpc_security_group_ingress_rule', 'endpoints_https_from_tasks'],
        [
          attr('security_group_id', raw('aws_security_group.endpoints.id')),
          attr('description', str('HTTPS from the ${var.service_name} tasks')),
          attr('ip_protocol', str('tcp')),
          attr('from_port', lit(443)),
          attr('to_port', lit(443)),
          attr(
            'referenced_security_group_id',
            raw('aws_security_group.task.id'),
          ),
        ],
      ),
      topBlock(
        'resource',
        ['aws_vpc_endpoint', 'interface'],
        [
          attr('for_each', raw('local.interface_endpoint_services')),
          blank,
          attr('vpc_id', raw('local.vpc_id')),
          attr(
            'service_name',
            str('com.amazonaws.${var.region}.${each.value}'),
          ),
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
  if (createsS3Gateway(plan)) {
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
          attr('service_name', str('com.amazonaws.${var.region}.s3')),
          attr('vpc_endpoint_type', str('Gateway')),
          attr('route_table_ids', raw('local.task_route_table_ids')),
          ...(plan.restrictS3EndpointPolicy ? [blank, ...s3Policy(plan)] : []),
          blank,
          attr('tags', obj({ Name: str('${var.service_name}-s3') })),
        ],
      ),
    );
  }
  return blocks;
}

function reusedEndpointBlocks(plan: ServicePlan): HclBlock[] {
  if (!plan.reuseEndpoints.length) return [];
  const blocks: HclBlock[] = [
    topBlock(
      'data',
      ['aws_vpc_endpoint', 'reused'],
      [
        comment(
          'Endpoints the VPC already has. Creating a second interface endpoint with private DNS',
        ),
        comment('for the same service would conflict with the first.'),
        attr(
          'for_each',
          call('toset', strings(plan.reuseEndpoints.map(e => e.service))),
        ),
        blank,
        attr('vpc_id', raw('local.vpc_id')),
        attr('service_name', str('com.amazonaws.${var.region}.${each.value}')),
        attr('state', str('available')),
      ],
    ),
  ];
  if (reusesInterfaceEndpoints(plan)) {
    blocks.push(
      topBlock(
        'resource',
        [
          'aws_vpc_security_group_ingress_rule',
          'reused_endpoints_https_from_tasks',
        ],
        [
          comment(
            "The reused endpoints' security groups must admit this service's tasks too.",
          ),
          attr('for_each', raw(REUSED_ENDPOINT_SG_IDS)),
          blank,
          attr('security_group_id', raw('each.value')),
          attr('description', str('HTTPS from the ${var.service_name} tasks')),
          attr('ip_protocol', str('tcp')),
          attr('from_port', lit(443)),
          attr('to_port', lit(443)),
          attr(
            'referenced_security_group_id',
            raw('aws_security_group.task.id'),
          ),
        ],
      ),
    );
  }
  const net = plan.network;
  if (net.mode === 'existingVpc' && net.s3RouteTableAssociations.length) {
    blocks.push(
      topBlock(
        'resource',
        ['aws_vpc_endpoint_route_table_association', 'reused_s3'],
        [
          comment(
            'Task route tables the existing S3 gateway endpoint was not on (found by the VPC lookup).',
          ),
          attr(
            'for_each',
            call('toset', strings(net.s3RouteTableAssociations)),
          ),
          blank,
          attr('vpc_endpoint_id', raw('data.aws_vpc_endpoint.reused["s3"].id')),
          attr('route_table_id', raw('each.value')),
        ],
      ),
    );
  }
  return blocks;
}

/** endpoints.tf: the endpoints the service needs (DOMAIN section 5), created or reused. */
export function renderEndpointsTf(plan: ServicePlan): string {
  return renderHclFile(
    [...createdEndpointBlocks(plan), ...reusedEndpointBlocks(plan)],
    [
      `VPC endpoints for the needs: ${plan.needs.join(', ')}.`,
      `Created here: ${
        plan.createEndpoints.map(e => e.service).join(', ') || 'none'
      }.`,
      `Reused (the VPC already has them): ${
        plan.reuseEndpoints.map(e => e.service).join(', ') || 'none'
      }.`,
    ],
  );
}
