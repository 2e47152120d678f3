/**
 * The rules' view of a service (a {@link ServiceSpec}): from a live ECS service, or from
 * explicit network inputs for a service that does not exist yet.
 */
import { startFetches } from './startFetches';
import { InputError } from '@backstage/errors';
import {
  validateAccountId,
  validateAwsId,
  validateNeed,
  validateRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { EcsFailure, ServiceSpec } from '../model';
import type { EcsServiceRead } from '../aws/ecsService';
import { deriveNeeds } from '../needs';

/**
 * Explicit network inputs: a service that is not in ECS yet.
 *
 * @public
 */
export interface NetworkCheckInput {
  region: string;
  accountId?: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  needs: string[];
  images?: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  /** The Fargate platform version the service will run on; LATEST when omitted. */
  platformVersion?: string;
}

/** Throws an InputError naming the field when one of the needs is invalid. */
export function assertValidNeeds(
  field: string,
  needs: readonly string[],
): void {
  for (const need of needs) {
    const problem = validateNeed(need);
    if (problem) throw new InputError(`${field}: ${problem}`);
  }
}

function assertIds(
  field: string,
  kind: 'subnet' | 'securityGroup',
  ids: readonly string[],
): void {
  if (ids.length === 0)
    throw new InputError(
      `${field}: give at least one ${
        kind === 'subnet' ? 'subnet' : 'security group'
      } id`,
    );
  for (const id of ids) {
    const problem = validateAwsId(kind, id);
    if (problem) throw new InputError(`${field}: ${problem}`);
  }
}

/**
 * Throws an InputError naming the field when the network input is malformed; makes no AWS call.
 *
 * @public
 */
export function validateNetworkCheckInput(input: NetworkCheckInput): void {
  const regionProblem = validateRegion(input.region);
  if (regionProblem) throw new InputError(`region: ${regionProblem}`);
  if (input.accountId !== undefined) {
    const accountProblem = validateAccountId(input.accountId);
    if (accountProblem) throw new InputError(`accountId: ${accountProblem}`);
  }
  const vpcProblem = validateAwsId('vpc', input.vpcId);
  if (vpcProblem) throw new InputError(`vpcId: ${vpcProblem}`);
  assertIds('subnetIds', 'subnet', input.subnetIds);
  assertIds('securityGroupIds', 'securityGroup', input.securityGroupIds);
  assertValidNeeds('needs', input.needs);
  if (
    input.assignPublicIp !== undefined &&
    !['ENABLED', 'DISABLED'].includes(input.assignPublicIp)
  ) {
    throw new InputError(
      `assignPublicIp: "${input.assignPublicIp}" must be ENABLED or DISABLED`,
    );
  }
}

/**
 * The rules' view of an ECS service: its network from DescribeServices, its needs derived
 * from the task definition plus `extraNeeds`, its stopped tasks and the ECS parts that failed.
 */
export function buildServiceSpec(
  read: EcsServiceRead,
  vpcId: string,
  extraNeeds: string[] = [],
): ServiceSpec {
  const derived = deriveNeeds({
    region: read.region,
    taskDefinition: read.taskDefinition,
    enableExecuteCommand: read.enableExecuteCommand,
    launchType: read.launchType,
    capacityProviders: read.capacityProviders,
    explicitNeeds: extraNeeds,
  });
  return {
    region: read.region,
    accountId: read.accountId,
    vpcId,
    subnetIds: read.subnetIds,
    securityGroupIds: read.securityGroupIds,
    assignPublicIp: read.assignPublicIp,
    needs: derived.needs,
    needSources: derived.needSources,
    images: derived.images,
    startFetches: startFetches(
      read.taskDefinition,
      read.region,
      read.accountId,
    ),
    platformVersion: read.platformVersion,
    serviceArn: read.serviceArn,
    clusterArn: read.clusterArn,
    serviceName: read.serviceName,
    taskDefinitionArn: read.taskDefinitionArn,
    executionRoleArn: read.taskDefinition?.executionRoleArn,
    desiredCount: read.desiredCount,
    runningCount: read.runningCount,
    pendingCount: read.pendingCount,
    logGroups: awslogsGroups(read),
    stoppedTasks: read.stoppedTasks,
    failures: [...read.failures, ...taskDefinitionGaps(read)],
    efsFileSystemIds: [
      ...new Set(
        (read.taskDefinition?.volumes ?? []).flatMap(v =>
          v.efsVolumeConfiguration?.fileSystemId
            ? [v.efsVolumeConfiguration.fileSystemId]
            : [],
        ),
      ),
    ],
  };
}

/** The `awslogs-group` of every container that logs with the awslogs driver, once each. */
function awslogsGroups(read: EcsServiceRead): string[] | undefined {
  if (!read.taskDefinition) return undefined;
  const groups = (read.taskDefinition.containerDefinitions ?? []).flatMap(c =>
    c.logConfiguration?.logDriver === 'awslogs' &&
    c.logConfiguration.options?.['awslogs-group']
      ? [c.logConfiguration.options['awslogs-group']]
      : [],
  );
  return [...new Set(groups)];
}

/**
 * A task definition the service names that came back empty: without its containers the
 * needs are not known, so the checks that depend on them cannot pass.
 */
function taskDefinitionGaps(read: EcsServiceRead): EcsFailure[] {
  if (
    !read.taskDefinitionArn ||
    read.failures.some(f => f.part === 'taskDefinition')
  )
    return [];
  if (!read.taskDefinition) {
    return [
      {
        part: 'taskDefinition',
        call: 'DescribeTaskDefinition',
        reason: `the answer holds no task definition ${read.taskDefinitionArn}`,
      },
    ];
  }
  if (!read.taskDefinition.containerDefinitions?.length) {
    return [
      {
        part: 'taskDefinition',
        call: 'DescribeTaskDefinition',
        reason: `task definition ${read.taskDefinitionArn} came back without containers`,
      },
    ];
  }
  return [];
}

/**
 * The rules' view of explicit network inputs: the needs as given, plus `ecr` when an image is
 * in this region's private ECR (the images stand in for a task definition's containers).
 *
 * @public
 */
export function networkServiceSpec(input: NetworkCheckInput): ServiceSpec {
  const images = input.images ?? [];
  const derived = deriveNeeds({
    region: input.region,
    taskDefinition:
      images.length > 0
        ? {
            containerDefinitions: images.map((image, i) => ({
              name: `image ${i + 1}`,
              image,
            })),
          }
        : undefined,
    explicitNeeds: input.needs,
  });
  return {
    region: input.region,
    accountId: input.accountId,
    vpcId: input.vpcId,
    subnetIds: input.subnetIds,
    securityGroupIds: input.securityGroupIds,
    assignPublicIp: input.assignPublicIp,
    needs: derived.needs,
    needSources: derived.needSources,
    images: derived.images,
    platformVersion: input.platformVersion,
    stoppedTasks: [],
    failures: [],
  };
}
