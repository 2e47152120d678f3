/**
 * Amazon Resource Names: parsed with the AWS SDK's own parser, then checked the way AWS
 * would accept them: a known partition, a region of that partition, a 12-digit account.
 */
import { parse, validate } from '@aws-sdk/util-arn-parser';
import { isAccountId } from './ids';
import { AwsPartition, isAwsPartition, validateRegion } from './partitions';

/**
 * The parts of an ARN.
 *
 * @public
 */
export interface AwsArn {
  arn: string;
  partition: AwsPartition;
  service: string;
  /** Empty for global resources (IAM, S3 buckets). */
  region: string;
  /** Empty for resources without an account (S3 buckets). */
  accountId: string;
  resource: string;
}

/**
 * Parses an ARN of a supported partition, or says what is wrong with it.
 *
 * @public
 */
export function parseArn(value: string): { arn: AwsArn } | { problem: string } {
  const arn = value.trim();
  if (!validate(arn)) {
    return {
      problem: `"${value}" is not an ARN; expected arn:<partition>:<service>:<region>:<account>:<resource>`,
    };
  }
  const parts = parse(arn);
  if (!isAwsPartition(parts.partition)) {
    return {
      problem: `"${value}" has partition "${parts.partition}"; supported are aws, aws-us-gov and aws-cn`,
    };
  }
  if (parts.region) {
    const regionProblem = validateRegion(parts.region, parts.partition);
    if (regionProblem) return { problem: `"${value}": ${regionProblem}` };
  }
  if (parts.accountId && !isAccountId(parts.accountId)) {
    return {
      problem: `"${value}" has account "${parts.accountId}", which is not a 12-digit AWS account id`,
    };
  }
  return { arn: { ...parts, arn, partition: parts.partition } };
}

/**
 * The parts of an ECS service ARN.
 *
 * @public
 */
export interface EcsServiceArn {
  arn: string;
  partition: AwsPartition;
  region: string;
  accountId: string;
  clusterName: string;
  serviceName: string;
}

const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ECS_SERVICE_ARN_FORM =
  'arn:<partition>:ecs:<region>:<account>:service/<cluster>/<service>';

/**
 * Parses an ECS service ARN in the long format
 * `arn:aws:ecs:<region>:<account>:service/<cluster>/<service>`, or says what is wrong.
 *
 * @public
 */
export function parseEcsServiceArnOrProblem(
  value: string,
): { arn: EcsServiceArn } | { problem: string } {
  if (!value.trim().startsWith('arn:')) {
    return {
      problem: `"${value}" is not an ECS service ARN; expected ${ECS_SERVICE_ARN_FORM}`,
    };
  }
  const parsed = parseArn(value);
  if ('problem' in parsed) return parsed;
  const { arn } = parsed;
  const [kind, clusterName, serviceName, extra] = arn.resource.split('/');
  if (
    arn.service !== 'ecs' ||
    kind !== 'service' ||
    !arn.region ||
    !arn.accountId ||
    serviceName === undefined ||
    extra !== undefined
  ) {
    return {
      problem: `"${value}" is not an ECS service ARN; expected ${ECS_SERVICE_ARN_FORM} (the long format, with the cluster)`,
    };
  }
  if (!ECS_NAME.test(clusterName ?? '') || !ECS_NAME.test(serviceName ?? '')) {
    return {
      problem: `"${value}": cluster and service names are 1-255 letters, digits, hyphens and underscores`,
    };
  }
  return {
    arn: {
      arn: arn.arn,
      partition: arn.partition,
      region: arn.region,
      accountId: arn.accountId,
      clusterName,
      serviceName,
    },
  };
}

/**
 * Parses an ECS service ARN (see {@link parseEcsServiceArnOrProblem}); undefined when malformed.
 *
 * @public
 */
export function parseEcsServiceArn(value: string): EcsServiceArn | undefined {
  const parsed = parseEcsServiceArnOrProblem(value);
  return 'arn' in parsed ? parsed.arn : undefined;
}

/**
 * Builds an ECS service ARN; the partition follows the region.
 *
 * @public
 */
export function ecsServiceArn(parts: {
  partition: AwsPartition;
  region: string;
  accountId: string;
  clusterName: string;
  serviceName: string;
}): string {
  return `arn:${parts.partition}:ecs:${parts.region}:${parts.accountId}:service/${parts.clusterName}/${parts.serviceName}`;
}

/**
 * The ARN of the cluster an ECS service ARN names.
 *
 * @public
 */
export function ecsClusterArnOf(service: EcsServiceArn): string {
  return `arn:${service.partition}:ecs:${service.region}:${service.accountId}:cluster/${service.clusterName}`;
}

/**
 * The parts of an IAM role ARN.
 *
 * @public
 */
export interface IamRoleArn {
  arn: string;
  partition: AwsPartition;
  accountId: string;
  /** The role's name with its path, if any (`fargate-endpoints-reader`, `platform/reader`). */
  roleName: string;
}

/** IAM names and path segments: IAM API Reference, Role data type (RoleName and Path patterns). */
const IAM_ROLE_RESOURCE = /^role\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;
const IAM_ROLE_ARN_FORM = 'arn:<partition>:iam::<account>:role/<name>';

/**
 * Parses an IAM role ARN `arn:aws:iam::<account>:role/[path/]<name>`, or says what is wrong.
 *
 * @public
 */
export function parseIamRoleArnOrProblem(
  value: string,
): { arn: IamRoleArn } | { problem: string } {
  if (!value.trim().startsWith('arn:')) {
    return {
      problem: `"${value}" is not an IAM role ARN; expected ${IAM_ROLE_ARN_FORM}`,
    };
  }
  const parsed = parseArn(value);
  if ('problem' in parsed) return parsed;
  const { arn } = parsed;
  const role = IAM_ROLE_RESOURCE.exec(arn.resource);
  if (arn.service !== 'iam' || arn.region || !arn.accountId || !role) {
    return {
      problem: `"${value}" is not an IAM role ARN; expected ${IAM_ROLE_ARN_FORM}`,
    };
  }
  return {
    arn: {
      arn: arn.arn,
      partition: arn.partition,
      accountId: arn.accountId,
      roleName: role[1],
    },
  };
}
