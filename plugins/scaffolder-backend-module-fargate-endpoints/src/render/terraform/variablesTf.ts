import {
  attr,
  blank,
  block,
  lit,
  raw,
  renderHclFile,
  str,
  strings,
  topBlock,
  type HclBlock,
  type HclExpr,
} from '../../hcl/writer';
import { FARGATE_MEMORY_BY_CPU } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import type { ServicePlan } from '../../service/servicePlan';

interface VariableSpec {
  name: string;
  type: string;
  description: string;
  value: HclExpr;
  validations?: Array<{ condition: string; message: string }>;
}

function variable(v: VariableSpec): HclBlock {
  return topBlock(
    'variable',
    [v.name],
    [
      attr('description', str(v.description)),
      attr('type', raw(v.type)),
      attr('default', v.value),
      ...(v.validations ?? []).flatMap(check => [
        blank,
        block(
          'validation',
          [],
          [
            attr('condition', raw(check.condition)),
            attr('error_message', str(check.message)),
          ],
        ),
      ]),
    ],
  );
}

function networkVariables(plan: ServicePlan): VariableSpec[] {
  const net = plan.network;
  if (net.mode === 'newVpc') {
    return [
      {
        name: 'vpc_cidr',
        type: 'string',
        description:
          'IPv4 CIDR of the isolated VPC; each AZ gets a quarter of it.',
        value: str(net.cidr),
        validations: [
          {
            condition:
              'can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24',
            message:
              'vpc_cidr must be an IPv4 CIDR with a prefix from /16 to /24.',
          },
        ],
      },
      {
        name: 'az_count',
        type: 'number',
        description:
          'Availability Zones to spread tasks and interface endpoints over.',
        value: lit(net.azCount),
        validations: [
          {
            condition: 'var.az_count >= 2 && var.az_count <= 3',
            message: 'az_count must be 2 or 3.',
          },
        ],
      },
    ];
  }
  const vars: VariableSpec[] = [
    {
      name: 'vpc_id',
      type: 'string',
      description: 'The existing VPC the service runs in.',
      value: str(net.vpcId),
      validations: [
        {
          condition: 'can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))',
          message: 'vpc_id must look like vpc-0a1b2c3d4e5f60718.',
        },
      ],
    },
    {
      name: 'subnet_ids',
      type: 'list(string)',
      description:
        'Task subnets, ideally one per AZ; interface endpoints use one of them per AZ.',
      value: strings(net.subnetIds),
      validations: [
        {
          condition:
            'length(var.subnet_ids) > 0 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])',
          message:
            'subnet_ids must list subnet ids such as subnet-0a1b2c3d4e5f60718.',
        },
      ],
    },
  ];
  if (net.routeTableIds) {
    vars.push({
      name: 'route_table_ids',
      type: 'list(string)',
      description:
        'Route tables of the task subnets; the S3 gateway endpoint must be on every one of them.',
      value: strings(net.routeTableIds),
      validations: [
        {
          condition:
            'alltrue([for r in var.route_table_ids : can(regex("^rtb-[0-9a-f]{8,17}$", r))])',
          message:
            'route_table_ids must list route table ids such as rtb-0a1b2c3d4e5f60718.',
        },
      ],
    });
  }
  return vars;
}

function imageVariable(plan: ServicePlan): VariableSpec {
  if (plan.image.kind === 'private-ecr') {
    return {
      name: 'container_image',
      type: 'string',
      description:
        "Container image; must be in this region's private ECR, the only registry an isolated subnet reaches.",
      value: str(plan.image.image),
      validations: [
        {
          condition:
            'can(regex("^[0-9]{12}\\\\.dkr\\\\.ecr\\\\.${var.region}\\\\.amazonaws\\\\.com", var.container_image))',
          message: "container_image must be in this region's private ECR.",
        },
      ],
    };
  }
  return {
    name: 'image_tag',
    type: 'string',
    description:
      'Tag of the image in the service ECR repository; CI sets it to the commit SHA.',
    value: str('latest'),
  };
}

/** variables.tf: every input with a description, the chosen value as default, and validation. */
export function renderVariablesTf(plan: ServicePlan): string {
  const cpus = Object.keys(FARGATE_MEMORY_BY_CPU).join(', ');
  const specs: VariableSpec[] = [
    {
      name: 'region',
      type: 'string',
      description: 'AWS region of the service and its VPC endpoints.',
      value: str(plan.region),
      validations: [
        {
          condition: 'can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))',
          message: 'region must be an AWS region such as eu-west-1.',
        },
      ],
    },
    {
      name: 'service_name',
      type: 'string',
      description:
        'Name of the ECS service; also names the cluster, roles, security groups and log group.',
      value: str(plan.name),
      validations: [
        {
          condition:
            'can(regex("^[a-z]([a-z0-9-]*[a-z0-9])?$", var.service_name)) && length(var.service_name) <= 32',
          message:
            'service_name must be 1-32 lowercase letters, digits and hyphens.',
        },
      ],
    },
    ...networkVariables(plan),
    imageVariable(plan),
    {
      name: 'container_port',
      type: 'number',
      description: 'Port the container listens on.',
      value: lit(plan.containerPort),
      validations: [
        {
          condition: 'var.container_port >= 1 && var.container_port <= 65535',
          message: 'container_port must be 1-65535.',
        },
      ],
    },
    {
      name: 'cpu',
      type: 'number',
      description: 'Task CPU units.',
      value: lit(plan.cpu),
      validations: [
        {
          condition: `contains([${cpus}], var.cpu)`,
          message: `cpu must be one of ${cpus}.`,
        },
      ],
    },
    {
      name: 'memory',
      type: 'number',
      description:
        'Task memory in MiB; must be a Fargate combination with cpu.',
      value: lit(plan.memory),
    },
    {
      name: 'desired_count',
      type: 'number',
      description:
        'Tasks to run. CI applies 0 first and scales up once the network check passes.',
      value: lit(plan.desiredCount),
      validations: [
        {
          condition: 'var.desired_count >= 0 && var.desired_count <= 100',
          message: 'desired_count must be 0-100.',
        },
      ],
    },
    {
      name: 'enable_execute_command',
      type: 'bool',
      description:
        'ECS Exec into running tasks (uses the ssmmessages endpoint).',
      value: lit(plan.enableExecuteCommand),
    },
    {
      name: 'log_retention_days',
      type: 'number',
      description: 'Days CloudWatch Logs keeps the container logs.',
      value: lit(30),
    },
  ];
  return renderHclFile(specs.map(variable));
}
