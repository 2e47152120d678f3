import {
  attr,
  call,
  comment,
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
import { regionDnsSuffix } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { ServicePlan } from '../../service/servicePlan';

const PARTITION = '${data.aws_partition.current.partition}';
const ACCOUNT = '${data.aws_caller_identity.current.account_id}';

function policy(statements: HclExpr[]): HclExpr {
  return call(
    'jsonencode',
    obj({ Version: str('2012-10-17'), Statement: list(statements) }),
  );
}

function secretResources(
  plan: ServicePlan,
  store: 'secretsmanager' | 'ssm',
): string[] {
  return [
    ...new Set(
      plan.secrets
        .filter(s => s.store === store)
        .map(s =>
          'arn' in s.resource
            ? s.resource.arn
            : `arn:${PARTITION}:ssm:\${var.region}:${ACCOUNT}:parameter/${s.resource.parameterPath}`,
        ),
    ),
  ];
}

function secretsPolicy(plan: ServicePlan): HclBlock | undefined {
  const statements: HclExpr[] = [];
  const secretArns = secretResources(plan, 'secretsmanager');
  const parameterArns = secretResources(plan, 'ssm');
  if (secretArns.length) {
    statements.push(
      obj({
        Sid: str('ReadSecrets'),
        Effect: str('Allow'),
        Action: strings(['secretsmanager:GetSecretValue']),
        Resource: strings(secretArns),
      }),
    );
  }
  if (parameterArns.length) {
    statements.push(
      obj({
        Sid: str('ReadParameters'),
        Effect: str('Allow'),
        Action: strings(['ssm:GetParameters']),
        Resource: strings(parameterArns),
      }),
    );
  }
  if (!statements.length) return undefined;
  // Secrets encrypted with a customer managed key need kms:Decrypt, but only via those services.
  statements.push(
    obj({
      Sid: str('DecryptSecretsViaService'),
      Effect: str('Allow'),
      Action: strings(['kms:Decrypt']),
      Resource: str('*'),
      Condition: obj({
        StringEquals: obj({
          'kms:ViaService': strings([
            `secretsmanager.\${var.region}.${regionDnsSuffix(plan.region)}`,
            `ssm.\${var.region}.${regionDnsSuffix(plan.region)}`,
          ]),
        }),
      }),
    }),
  );
  return topBlock(
    'resource',
    ['aws_iam_role_policy', 'execution_secrets'],
    [
      attr('name', str('read-container-secrets')),
      attr('role', raw('aws_iam_role.execution.id')),
      attr('policy', policy(statements)),
    ],
  );
}

/** iam.tf: the execution role (pull, logs, secrets) and the task role (the app, ECS Exec). */
export function renderIamTf(plan: ServicePlan): string {
  const blocks: HclBlock[] = [
    topBlock('data', ['aws_partition', 'current'], []),
    topBlock('data', ['aws_caller_identity', 'current'], []),
    topBlock(
      'locals',
      [],
      [
        attr(
          'ecs_tasks_assume_role_policy',
          policy([
            obj({
              Effect: str('Allow'),
              Principal: obj({ Service: str('ecs-tasks.amazonaws.com') }),
              Action: str('sts:AssumeRole'),
            }),
          ]),
        ),
      ],
    ),
    topBlock(
      'resource',
      ['aws_iam_role', 'execution'],
      [
        comment(
          'Used by ECS to start the task: pull the image, create the log stream, read secrets.',
        ),
        attr('name', str('${var.service_name}-execution')),
        attr('assume_role_policy', raw('local.ecs_tasks_assume_role_policy')),
      ],
    ),
    topBlock(
      'resource',
      ['aws_iam_role_policy_attachment', 'execution'],
      [
        attr('role', raw('aws_iam_role.execution.name')),
        attr(
          'policy_arn',
          str(
            `arn:${PARTITION}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`,
          ),
        ),
      ],
    ),
  ];
  const secrets = secretsPolicy(plan);
  if (secrets) blocks.push(secrets);
  blocks.push(
    topBlock(
      'resource',
      ['aws_iam_role', 'task'],
      [
        comment(
          'Used by the app itself. Grant it what the app calls, nothing more.',
        ),
        attr('name', str('${var.service_name}-task')),
        attr('assume_role_policy', raw('local.ecs_tasks_assume_role_policy')),
      ],
    ),
  );
  if (plan.enableExecuteCommand) {
    blocks.push(
      topBlock(
        'resource',
        ['aws_iam_role_policy', 'task_execute_command'],
        [
          attr('name', str('ecs-exec')),
          attr('role', raw('aws_iam_role.task.id')),
          attr(
            'policy',
            policy([
              obj({
                Sid: str('EcsExecSessionChannels'),
                Effect: str('Allow'),
                Action: strings([
                  'ssmmessages:CreateControlChannel',
                  'ssmmessages:CreateDataChannel',
                  'ssmmessages:OpenControlChannel',
                  'ssmmessages:OpenDataChannel',
                ]),
                Resource: str('*'),
              }),
            ]),
          ),
        ],
      ),
    );
  }
  return renderHclFile(blocks);
}
