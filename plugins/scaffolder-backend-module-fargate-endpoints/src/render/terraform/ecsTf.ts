import {
  attr,
  blank,
  block,
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
  type HclExpr,
} from '../../hcl/writer';
import type { ServicePlan } from '../../service/servicePlan';
import {
  createdS3Gateway,
  createsInterfaceEndpoints,
  ruleGroups,
} from './planRefs';

/** The reference to the cluster, created or existing. */
function clusterBlocks(plan: ServicePlan): { blocks: HclBlock[]; ref: string } {
  if (plan.existingClusterName) {
    return {
      blocks: [
        topBlock(
          'data',
          ['aws_ecs_cluster', 'this'],
          [attr('cluster_name', str(plan.existingClusterName))],
        ),
      ],
      ref: 'data.aws_ecs_cluster.this.arn',
    };
  }
  return {
    blocks: [
      topBlock(
        'resource',
        ['aws_ecs_cluster', 'this'],
        [
          attr('name', raw('var.service_name')),
          blank,
          block(
            'setting',
            [],
            [
              attr('name', str('containerInsights')),
              attr('value', str('enabled')),
            ],
          ),
        ],
      ),
    ],
    ref: 'aws_ecs_cluster.this.arn',
  };
}

function containerDefinition(plan: ServicePlan): HclExpr {
  const entries: Array<[string, HclExpr]> = [
    ['name', raw('var.service_name')],
    ['image', raw('local.container_image')],
    ['essential', lit(true)],
    // ECS Exec's agent writes into the container, so a read-only root only without it.
    ['readonlyRootFilesystem', lit(!plan.enableExecuteCommand)],
    [
      'portMappings',
      list([
        obj({ containerPort: raw('var.container_port'), protocol: str('tcp') }),
      ]),
    ],
    [
      'logConfiguration',
      obj({
        logDriver: str('awslogs'),
        options: obj({
          'awslogs-group': raw('aws_cloudwatch_log_group.service.name'),
          'awslogs-region': raw('var.region'),
          'awslogs-stream-prefix': str('app'),
        }),
      }),
    ],
    [
      'environment',
      list([
        obj({
          name: str('PORT'),
          value: call('tostring', raw('var.container_port')),
        }),
      ]),
    ],
  ];
  if (plan.secrets.length) {
    entries.push([
      'secrets',
      list(
        plan.secrets.map(s =>
          obj({ name: str(s.name), valueFrom: str(s.valueFrom) }),
        ),
      ),
    ]);
  }
  return call('jsonencode', list([obj(entries)]));
}

/** The service starts only after every endpoint, association and rule of the plan exists. */
function dependsOn(plan: ServicePlan): HclExpr {
  const deps = ['aws_iam_role_policy_attachment.execution'];
  if (plan.secrets.length) deps.push('aws_iam_role_policy.execution_secrets');
  if (createsInterfaceEndpoints(plan)) deps.push('aws_vpc_endpoint.interface');
  if (createdS3Gateway(plan)) deps.push('aws_vpc_endpoint.s3');
  if (plan.endpoints.routeTableAssociations.length)
    deps.push('aws_vpc_endpoint_route_table_association.reused_s3');
  const groups = ruleGroups(plan.endpoints);
  const rules: Array<[unknown[], string]> = [
    [
      groups.toNewEndpointGroup,
      'aws_vpc_security_group_ingress_rule.endpoints_https_from_tasks',
    ],
    [
      groups.toExistingGroups,
      'aws_vpc_security_group_ingress_rule.existing_endpoints_https_from_tasks',
    ],
    [
      groups.fromTasksToNewEndpointGroup,
      'aws_vpc_security_group_egress_rule.task_https_to_endpoints',
    ],
    [
      groups.fromTasksToExistingGroups,
      'aws_vpc_security_group_egress_rule.task_https_to_existing_endpoints',
    ],
    [
      groups.fromTasksToS3,
      'aws_vpc_security_group_egress_rule.task_https_to_s3',
    ],
  ];
  for (const [planned, address] of rules)
    if (planned.length) deps.push(address);
  return list(deps.map(raw), { multiline: true });
}

/** ecs.tf: cluster, log group, task definition and the Fargate service in the isolated subnets. */
export function renderEcsTf(plan: ServicePlan): string {
  const cluster = clusterBlocks(plan);
  return renderHclFile([
    ...cluster.blocks,
    topBlock(
      'resource',
      ['aws_cloudwatch_log_group', 'service'],
      [
        comment(
          'Created up front: awslogs does not create it, and a missing group stops the task at start.',
        ),
        attr('name', str('/ecs/${var.service_name}')),
        attr('retention_in_days', raw('var.log_retention_days')),
      ],
    ),
    topBlock(
      'resource',
      ['aws_ecs_task_definition', 'service'],
      [
        attr('family', raw('var.service_name')),
        attr('requires_compatibilities', strings(['FARGATE'])),
        attr('network_mode', str('awsvpc')),
        attr('cpu', raw('var.cpu')),
        attr('memory', raw('var.memory')),
        attr('execution_role_arn', raw('aws_iam_role.execution.arn')),
        attr('task_role_arn', raw('aws_iam_role.task.arn')),
        blank,
        block(
          'runtime_platform',
          [],
          [
            attr('operating_system_family', str('LINUX')),
            attr('cpu_architecture', str('X86_64')),
          ],
        ),
        blank,
        attr('container_definitions', containerDefinition(plan)),
      ],
    ),
    topBlock(
      'resource',
      ['aws_ecs_service', 'service'],
      [
        attr('name', raw('var.service_name')),
        attr('cluster', raw(cluster.ref)),
        attr('task_definition', raw('aws_ecs_task_definition.service.arn')),
        attr('desired_count', raw('var.desired_count')),
        attr('launch_type', str('FARGATE')),
        comment(
          '1.4.0 and later (LATEST) pull through the task ENI: the endpoints must be in place.',
        ),
        attr('platform_version', str('LATEST')),
        attr('enable_execute_command', raw('var.enable_execute_command')),
        blank,
        block(
          'network_configuration',
          [],
          [
            attr('subnets', raw('local.task_subnet_ids')),
            attr('security_groups', raw('[aws_security_group.task.id]')),
            attr('assign_public_ip', lit(false)),
          ],
        ),
        blank,
        comment('Tasks start only once the path they pull through exists.'),
        attr('depends_on', dependsOn(plan)),
      ],
    ),
  ]);
}

/** ecr.tf: the service's own repository, when no image was given. */
export function renderEcrTf(plan: ServicePlan): string | undefined {
  if (plan.image.kind !== 'new-repository') return undefined;
  return renderHclFile(
    [
      topBlock(
        'resource',
        ['aws_ecr_repository', 'service'],
        [
          attr('name', str(plan.image.repositoryName)),
          attr('image_tag_mutability', str('MUTABLE')),
          blank,
          block(
            'image_scanning_configuration',
            [],
            [attr('scan_on_push', lit(true))],
          ),
        ],
      ),
      topBlock(
        'locals',
        [],
        [
          attr(
            'container_image',
            str(
              '${aws_ecr_repository.service.repository_url}:${var.image_tag}',
            ),
          ),
        ],
      ),
    ],
    [
      "The service's private ECR repository: the only kind of registry an isolated subnet can pull from.",
    ],
  );
}

/** The container_image local when the image was given (ecr.tf defines it otherwise). */
export function imageLocal(plan: ServicePlan): HclBlock | undefined {
  return plan.image.kind === 'private-ecr'
    ? topBlock(
        'locals',
        [],
        [attr('container_image', raw('var.container_image'))],
      )
    : undefined;
}
