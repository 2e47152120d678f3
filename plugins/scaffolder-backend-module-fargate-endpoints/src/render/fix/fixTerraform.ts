/**
 * The Terraform of a VPC fix: only what the engine's plan adds to the VPC (interface
 * endpoints with their security group, the S3 gateway or its missing route table
 * associations, TCP 443 rules), each resource naming the finding it fixes. Existing resources
 * are referred to by the ids the live read found; nothing that exists is managed here.
 */
import {
  parsePlaceholder,
  type PlannedSecurityGroupRule,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  attr,
  blank,
  block,
  call,
  comment,
  lit,
  obj,
  raw,
  renderHclFile,
  str,
  strings,
  topBlock,
  type HclBlock,
  type HclBodyItem,
  type HclExpr,
} from '../../hcl/writer';
import type { VpcFix, VpcFixChange } from '../../fix/vpcFix';
import {
  createdInterfaces,
  createdS3Gateway,
  hclStringList,
  securityGroupRef,
  serviceNameTemplate,
} from '../terraform/planRefs';
import { terraformBlock } from '../terraform/versionsTf';

/** The data source of an existing S3 gateway whose prefix list an egress rule opens. */
const EXISTING_S3_GATEWAY = 'data.aws_vpc_endpoint.existing_s3_gateway';

function fixedComment(change: VpcFixChange): HclBodyItem[] {
  const f = change.fixes;
  if (!f)
    return [
      comment(
        'Needed by an endpoint this change creates (not in the report yet).',
      ),
    ];
  return [
    comment(
      `Fixes ${f.rule}${
        f.resourceId ? ` on ${f.resourceId}` : ''
      }: see README.md.`,
    ),
  ];
}

function serviceNamesLocal(fix: VpcFix): HclBodyItem[] {
  const services = fix.endpoints.create.map(e => e.service);
  if (!services.length) return [];
  return [
    comment(
      `Endpoint service names in ${fix.endpoints.region}'s partition (${fix.endpoints.partition}).`,
    ),
    attr(
      'endpoint_service_names',
      obj(
        Object.fromEntries(
          services.map(s => [
            s,
            str(serviceNameTemplate(fix.endpoints.region, s)),
          ]),
        ),
      ),
    ),
  ];
}

function interfaceEndpointBlocks(fix: VpcFix): HclBlock[] {
  const interfaces = createdInterfaces(fix);
  if (!interfaces.length) return [];
  return [
    topBlock(
      'resource',
      ['aws_security_group', 'endpoints'],
      [
        comment(
          'The interface endpoints this change creates; the rules below admit the tasks.',
        ),
        attr('name', raw('var.name')),
        attr(
          'description',
          str('VPC interface endpoints: HTTPS from Fargate tasks'),
        ),
        attr('vpc_id', raw('var.vpc_id')),
      ],
    ),
    topBlock(
      'resource',
      ['aws_vpc_endpoint', 'interface'],
      [
        comment('Fixes missing-endpoint for each of them: see README.md.'),
        attr('for_each', raw('local.interface_endpoint_services')),
        blank,
        attr('vpc_id', raw('var.vpc_id')),
        attr('service_name', raw('local.endpoint_service_names[each.value]')),
        attr('vpc_endpoint_type', str('Interface')),
        comment(
          'The provider defaults this to false; without it the SDK resolves the public endpoint.',
        ),
        attr('private_dns_enabled', lit(true)),
        comment('One task subnet per Availability Zone.'),
        attr('subnet_ids', strings(interfaces[0].subnetIds)),
        attr('security_group_ids', raw('[aws_security_group.endpoints.id]')),
        blank,
        attr('tags', obj({ Name: str('${var.name}-${each.value}') })),
      ],
    ),
  ];
}

function s3GatewayBlocks(fix: VpcFix): HclBlock[] {
  const s3 = createdS3Gateway(fix);
  if (!s3) return [];
  const change = fix.changes.find(
    c => c.kind === 'endpoint' && c.endpoint.service === 's3',
  )!;
  return [
    topBlock(
      'resource',
      ['aws_vpc_endpoint', 's3'],
      [
        ...fixedComment(change),
        comment(
          'ECR serves image layers from S3: only a Gateway endpoint serves them, through a',
        ),
        comment('prefix-list route on each route table of the task subnets.'),
        attr('vpc_id', raw('var.vpc_id')),
        attr('service_name', raw('local.endpoint_service_names["s3"]')),
        attr('vpc_endpoint_type', str('Gateway')),
        attr('route_table_ids', strings([...s3.routeTableIds].sort())),
        blank,
        attr('tags', obj({ Name: str('${var.name}-s3') })),
      ],
    ),
  ];
}

function endpointRef(id: string): string {
  const placeholder = parsePlaceholder(id);
  if (!placeholder) return JSON.stringify(id);
  if (placeholder.kind === 'planned-endpoint')
    return placeholder.service === 's3'
      ? 'aws_vpc_endpoint.s3.id'
      : `aws_vpc_endpoint.interface["${placeholder.service}"].id`;
  throw new Error(`a VPC fix cannot refer to ${id}`);
}

function associationBlocks(fix: VpcFix): HclBlock[] {
  const byEndpoint = new Map<string, VpcFixChange[]>();
  for (const c of fix.changes) {
    if (c.kind !== 'route-table-association') continue;
    const list = byEndpoint.get(c.association.endpointId) ?? [];
    list.push(c);
    byEndpoint.set(c.association.endpointId, list);
  }
  return [...byEndpoint.entries()].map(([endpointId, changes], i) =>
    topBlock(
      'resource',
      [
        'aws_vpc_endpoint_route_table_association',
        i === 0 ? 's3_task_route_tables' : `s3_task_route_tables_${i + 1}`,
      ],
      [
        ...changes.flatMap(fixedComment),
        comment(
          `Puts the S3 gateway ${endpointId} on the route tables of the task subnets. Whoever`,
        ),
        comment(
          'manages that gateway must not list route tables on it (route_table_ids), or the',
        ),
        comment('two fight over them on every apply.'),
        attr(
          'for_each',
          call(
            'toset',
            raw(
              hclStringList(
                changes.map(c =>
                  c.kind === 'route-table-association'
                    ? c.association.routeTableId
                    : '',
                ),
              ),
            ),
          ),
        ),
        blank,
        attr('vpc_endpoint_id', raw(endpointRef(endpointId))),
        attr('route_table_id', raw('each.value')),
      ],
    ),
  );
}

function slug(id: string): string {
  if (parsePlaceholder(id)?.kind === 'endpoint-security-group')
    return 'new_endpoints';
  return id.replace(/[^A-Za-z0-9]+/g, '_');
}

function groupRef(id: string): string {
  const ref = securityGroupRef(id);
  if (!ref) throw new Error(`no reference for security group ${id}`);
  return ref;
}

/** The argument that names the rule's peer, and its HCL. */
function peerArgument(
  fix: VpcFix,
  rule: PlannedSecurityGroupRule,
): [string, string] {
  const { peer } = rule;
  if ('groupId' in peer)
    return ['referenced_security_group_id', groupRef(peer.groupId)];
  if ('cidr' in peer) return ['cidr_ipv4', JSON.stringify(peer.cidr)];
  // The S3 prefix list: from the gateway, so the rule follows it whatever its id.
  return [
    'prefix_list_id',
    createdS3Gateway(fix)
      ? 'aws_vpc_endpoint.s3.prefix_list_id'
      : `${EXISTING_S3_GATEWAY}.prefix_list_id`,
  ];
}

function peerSlug(peer: PlannedSecurityGroupRule['peer']): string {
  if ('groupId' in peer) return slug(peer.groupId);
  if ('prefixListId' in peer) return 's3';
  return slug(peer.cidr);
}

function ruleName(rule: PlannedSecurityGroupRule): string {
  const peer = peerSlug(rule.peer);
  return rule.direction === 'ingress'
    ? `https_into_${slug(rule.securityGroupId)}_from_${peer}`
    : `https_from_${slug(rule.securityGroupId)}_to_${peer}`;
}

function ruleBlocks(fix: VpcFix): HclBlock[] {
  const used = new Set<string>();
  const blocks: HclBlock[] = [];
  for (const change of fix.changes) {
    if (change.kind !== 'security-group-rule') continue;
    const { rule } = change;
    let name = ruleName(rule);
    for (let n = 2; used.has(name); n++) name = `${ruleName(rule)}_${n}`;
    used.add(name);
    const [peerArg, peerValue] = peerArgument(fix, rule);
    blocks.push(
      topBlock(
        'resource',
        [
          rule.direction === 'ingress'
            ? 'aws_vpc_security_group_ingress_rule'
            : 'aws_vpc_security_group_egress_rule',
          name,
        ],
        [
          ...fixedComment(change),
          attr('security_group_id', raw(groupRef(rule.securityGroupId))),
          attr(
            'description',
            str(`HTTPS from Fargate tasks to the ${rule.service} endpoint`),
          ),
          attr('ip_protocol', str('tcp')),
          attr('from_port', lit(443)),
          attr('to_port', lit(443)),
          attr(peerArg, raw(peerValue)),
        ],
      ),
    );
  }
  return blocks;
}

function existingS3GatewayData(fix: VpcFix): HclBlock[] {
  if (createdS3Gateway(fix)) return [];
  const rule = fix.endpoints.securityGroupRules.find(
    r => 'prefixListId' in r.peer,
  );
  if (!rule) return [];
  return [
    topBlock(
      'data',
      ['aws_vpc_endpoint', 'existing_s3_gateway'],
      [
        comment(
          'The S3 gateway the VPC already has: its prefix list is what the tasks reach S3 by.',
        ),
        attr('id', str(rule.endpointId)),
      ],
    ),
  ];
}

function locals(fix: VpcFix): HclBlock[] {
  const interfaces = createdInterfaces(fix);
  const body: HclBodyItem[] = [
    ...serviceNamesLocal(fix),
    ...(interfaces.length
      ? [
          blank,
          comment('Interface endpoints this change creates, from the needs:'),
          ...interfaces.map(e =>
            comment(`${e.service}: ${e.reasons.join('; ') || e.need}`),
          ),
          attr(
            'interface_endpoint_services',
            call('toset', strings(interfaces.map(e => e.service))),
          ),
        ]
      : []),
  ];
  return body.length ? [topBlock('locals', [], body)] : [];
}

/** endpoints.tf: what the VPC is missing for the service, and nothing else. */
export function renderFixEndpointsTf(fix: VpcFix): string {
  return renderHclFile(
    [
      ...locals(fix),
      ...interfaceEndpointBlocks(fix),
      ...s3GatewayBlocks(fix),
      ...associationBlocks(fix),
      ...existingS3GatewayData(fix),
      ...ruleBlocks(fix),
    ],
    [
      `What ${
        fix.request.vpcId
      } is missing for the needs: ${fix.spec.needs.join(', ')}.`,
      `Planned by the fargate-endpoints engine from a read of ${fix.request.vpcId} at ${fix.snapshot.readAt}.`,
      'Each resource says which finding of the report it fixes; README.md has the whole text.',
    ],
  );
}

/** versions.tf: Terraform and provider constraints; the provider refuses any other account. */
export function renderFixVersionsTf(fix: VpcFix): string {
  const accountId = fix.request.accountId ?? fix.snapshot.accountId;
  return renderHclFile([
    terraformBlock(),
    topBlock(
      'provider',
      ['aws'],
      [
        attr('region', raw('var.region')),
        ...(accountId
          ? [
              comment(
                'The VPC was read in this account: applying with credentials of another fails.',
              ),
              attr('allowed_account_ids', strings([accountId])),
            ]
          : []),
        blank,
        block(
          'default_tags',
          [],
          [
            attr(
              'tags',
              obj({
                Change: raw('var.name'),
                ManagedBy: str('terraform'),
              }),
            ),
          ],
        ),
      ],
    ),
  ]);
}

/** variables.tf: the region, the VPC and the change's name, with the values that were read. */
export function renderFixVariablesTf(fix: VpcFix): string {
  const variable = (
    name: string,
    description: string,
    value: string,
    validation: { condition: string; message: string },
  ) =>
    topBlock(
      'variable',
      [name],
      [
        attr('description', str(description)),
        attr('type', raw('string')),
        attr('default', str(value)),
        blank,
        block(
          'validation',
          [],
          [
            attr('condition', raw(validation.condition)),
            attr('error_message', str(validation.message)),
          ],
        ),
      ],
    );
  return renderHclFile([
    variable('region', 'AWS region of the VPC.', fix.request.region, {
      condition: 'can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))',
      message: 'region must be an AWS region such as eu-west-1.',
    }),
    variable(
      'vpc_id',
      'The VPC the endpoints are added to (the plan was made for it).',
      fix.request.vpcId,
      {
        condition: 'can(regex("^vpc-[0-9a-f]{8}([0-9a-f]{9})?$", var.vpc_id))',
        message: 'vpc_id must look like vpc-0123456789abcdef0.',
      },
    ),
    variable(
      'name',
      'Names the security group of the new interface endpoints and tags every resource.',
      fix.request.name,
      {
        condition: 'can(regex("^[a-z][a-z0-9-]*$", var.name))',
        message: 'name must be lowercase letters, digits and hyphens.',
      },
    ),
  ]);
}

/** outputs.tf: what the gate checks after apply, and the endpoints created. */
export function renderFixOutputsTf(fix: VpcFix): string {
  const output = (name: string, description: string, value: HclExpr) =>
    topBlock(
      'output',
      [name],
      [attr('description', str(description)), attr('value', value)],
    );
  const created: Array<[string, string]> = fix.endpoints.create.map(e => [
    e.service,
    e.type === 'Gateway'
      ? 'aws_vpc_endpoint.s3.id'
      : `aws_vpc_endpoint.interface["${e.service}"].id`,
  ]);
  return renderHclFile([
    output('vpc_id', 'The VPC that was fixed.', raw('var.vpc_id')),
    output(
      'task_subnet_ids',
      'Task subnets of the service (comma-separated, as the network check takes them).',
      str(fix.request.subnetIds.join(',')),
    ),
    output(
      'task_security_group_ids',
      'Task security groups of the service (comma-separated).',
      str(fix.request.securityGroupIds.join(',')),
    ),
    output(
      'created_endpoint_ids',
      'The endpoints this change created, by service.',
      created.length
        ? obj(created.map(([k, v]): [string, HclExpr] => [k, raw(v)]))
        : raw('{}'),
    ),
  ]);
}
