import {
  attr,
  raw,
  renderHclFile,
  str,
  topBlock,
  type HclBlock,
} from '../../hcl/writer';
import type { ServicePlan } from '../../service/servicePlan';
import { createsInterfaceEndpoints, s3EndpointRef } from './planRefs';
import { imageLocal } from './ecsTf';

function output(name: string, description: string, value: string): HclBlock {
  return topBlock(
    'output',
    [name],
    [attr('description', str(description)), attr('value', raw(value))],
  );
}

/** outputs.tf: what CI and the network check need after apply. */
export function renderOutputsTf(plan: ServicePlan): string {
  const blocks: HclBlock[] = [];
  const image = imageLocal(plan);
  if (image) blocks.push(image);
  blocks.push(
    output('vpc_id', 'The VPC the service runs in.', 'local.vpc_id'),
    output(
      'task_subnet_ids',
      'Task subnets (comma-separated, as the network check takes them).',
      'join(",", local.task_subnet_ids)',
    ),
    output(
      'task_security_group_id',
      'The security group of the tasks.',
      'aws_security_group.task.id',
    ),
    output(
      'ecs_service_arn',
      'The ECS service ARN (for fargate-endpoints check --ecs-service).',
      'aws_ecs_service.service.id',
    ),
    output(
      'log_group_name',
      'CloudWatch log group of the container.',
      'aws_cloudwatch_log_group.service.name',
    ),
    output(
      'container_image',
      'The image the task runs.',
      'local.container_image',
    ),
    output(
      's3_prefix_list_id',
      'Prefix list of the S3 gateway endpoint the tasks use.',
      `${s3EndpointRef(plan)}.prefix_list_id`,
    ),
  );
  if (createsInterfaceEndpoints(plan)) {
    blocks.push(
      output(
        'interface_endpoint_ids',
        'Interface endpoints created here, by service.',
        '{ for service, endpoint in aws_vpc_endpoint.interface : service => endpoint.id }',
      ),
    );
  }
  if (plan.image.kind === 'new-repository') {
    blocks.push(
      output(
        'ecr_repository_url',
        'Push the app image here.',
        'aws_ecr_repository.service.repository_url',
      ),
    );
  }
  return renderHclFile(blocks);
}
