import { createHash } from 'node:crypto';
import { partitionOfRegion } from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** The partition of a region, as ARNs carry it. */
export function partitionOf(region: string): string {
  return partitionOfRegion(region) ?? 'aws';
}

/**
 * A deterministic AWS-style id (`vpc-` + 17 hex digits) derived from a seed, so the same
 * fixture always has the same ids and tests can name them.
 */
export function awsId(prefix: string, seed: string): string {
  const hex = createHash('sha1').update(`${prefix}:${seed}`).digest('hex');
  return `${prefix}-0${hex.slice(0, 16)}`;
}

/** The ARN of an ECS cluster. */
export function clusterArn(
  region: string,
  accountId: string,
  clusterName: string,
): string {
  return `arn:${partitionOf(
    region,
  )}:ecs:${region}:${accountId}:cluster/${clusterName}`;
}

/** The (long format) ARN of an ECS service. */
export function serviceArn(
  region: string,
  accountId: string,
  clusterName: string,
  serviceName: string,
): string {
  return `arn:${partitionOf(
    region,
  )}:ecs:${region}:${accountId}:service/${clusterName}/${serviceName}`;
}

/** The ARN of a task definition revision (`family:revision`). */
export function taskDefinitionArn(
  region: string,
  accountId: string,
  familyRevision: string,
): string {
  return `arn:${partitionOf(
    region,
  )}:ecs:${region}:${accountId}:task-definition/${familyRevision}`;
}

/** The (long format) ARN of a task. */
export function taskArn(
  region: string,
  accountId: string,
  clusterName: string,
  id: string,
): string {
  return `arn:${partitionOf(
    region,
  )}:ecs:${region}:${accountId}:task/${clusterName}/${id}`;
}

/** A deterministic 32-hex task id, as Fargate uses. */
export function taskId(seed: string): string {
  return createHash('sha1').update(`task:${seed}`).digest('hex').slice(0, 32);
}
