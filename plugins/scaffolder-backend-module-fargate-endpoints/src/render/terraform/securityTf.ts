import {
  attr,
  comment,
  lit,
  raw,
  renderHclFile,
  str,
  topBlock,
  type HclBlock,
} from '../../hcl/writer';
import type { ServicePlan } from '../../service/servicePlan';
import { peerRef } from './endpointsTf';
import {
  existingGroupSet,
  ruleGroups,
  s3EndpointRef,
  securityGroupRef,
} from './planRefs';

function egressRule(
  name: string,
  description: string,
  securityGroup: string,
  target: [string, string],
  forEach?: string,
): HclBlock {
  return topBlock(
    'resource',
    ['aws_vpc_security_group_egress_rule', name],
    [
      ...(forEach ? [attr('for_each', raw(forEach))] : []),
      attr('security_group_id', raw(securityGroup)),
      attr('description', str(description)),
      attr('ip_protocol', str('tcp')),
      attr('from_port', lit(443)),
      attr('to_port', lit(443)),
      attr(target[0], raw(target[1])),
    ],
  );
}

/** security.tf: the task security group; egress is HTTPS to the endpoints and nothing else. */
export function renderSecurityTf(plan: ServicePlan): string {
  const blocks: HclBlock[] = [
    topBlock(
      'resource',
      ['aws_security_group', 'task'],
      [
        comment(
          'Terraform removes the default allow-all egress rule: only the rules below apply.',
        ),
        attr('name', str('${var.service_name}-task')),
        attr('description', str('Fargate tasks of ${var.service_name}')),
        attr('vpc_id', raw('local.vpc_id')),
      ],
    ),
    topBlock(
      'resource',
      ['aws_vpc_security_group_ingress_rule', 'task_app_from_vpc'],
      [
        attr('security_group_id', raw('aws_security_group.task.id')),
        attr('description', str('The app port, from inside the VPC')),
        attr('ip_protocol', str('tcp')),
        attr('from_port', raw('var.container_port')),
        attr('to_port', raw('var.container_port')),
        attr('cidr_ipv4', raw('local.vpc_cidr')),
      ],
    ),
  ];
  const groups = ruleGroups(plan.endpoints);
  const owner = (rules: Array<{ securityGroupId: string }>) =>
    securityGroupRef(rules[0].securityGroupId)!;
  if (groups.fromTasksToNewEndpointGroup.length) {
    const rules = groups.fromTasksToNewEndpointGroup;
    blocks.push(
      egressRule(
        'task_https_to_endpoints',
        'HTTPS to the VPC interface endpoints',
        owner(rules),
        ['referenced_security_group_id', peerRef(rules[0].peer)],
      ),
    );
  }
  const existing = existingGroupSet(
    groups.fromTasksToExistingGroups.map(r =>
      'groupId' in r.peer ? r.peer.groupId : '',
    ),
  );
  if (existing) {
    blocks.push(
      egressRule(
        'task_https_to_existing_endpoints',
        'HTTPS to the interface endpoints the VPC already had',
        owner(groups.fromTasksToExistingGroups),
        ['referenced_security_group_id', 'each.value'],
        existing,
      ),
    );
  }
  if (groups.fromTasksToS3.length) {
    blocks.push(
      egressRule(
        'task_https_to_s3',
        'HTTPS to S3 through the gateway endpoint (ECR image layers)',
        owner(groups.fromTasksToS3),
        ['prefix_list_id', `${s3EndpointRef(plan)}.prefix_list_id`],
      ),
    );
  }
  return renderHclFile(blocks);
}
