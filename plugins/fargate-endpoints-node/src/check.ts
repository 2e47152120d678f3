/**
 * The orchestrator: validate the input, read ECS and the VPC, evaluate the rules, return the
 * report. Used by the CLI, the backend and the scaffolder pre-flight.
 *
 * Errors it throws (all @backstage/errors types, so the backend maps them to HTTP codes and
 * the CLI to exit 2):
 * - InputError: malformed input, named by field, before any AWS call; also explicit subnets
 *   or security groups that turn out not to be in the given VPC (checkNetwork).
 * - NotFoundError: the VPC, the ECS cluster or the ECS service does not exist.
 * - ServiceUnavailableError: the check cannot be made at all (no or rejected credentials,
 *   the ECS service or its subnets unreadable). Its `cause` is the SDK error.
 * Any narrower AWS fault becomes an `unknown` entry of the report instead, and so does an ECS
 * service's subnet or security group that is no longer in its VPC.
 */
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CheckReport,
  isKnownRegion,
  parseEcsServiceArn,
  validateAwsId,
  validateNeed,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { ServiceSpec, PrefixList } from './model';
import type { AwsClients } from './aws/clients';
import {
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './aws/awsErrors';
import { readEcsService, EcsServiceRead } from './aws/ecsService';
import { resolveSubnetVpcs } from './aws/subnetVpcs';
import { readVpcSnapshot } from './aws/vpcSnapshot';
import type { ConcurrencyLimiter } from './aws/limiter';
import { evaluateService } from './evaluate';
import { assertNetworkInputInVpc } from './vpcMembership';
import { deriveNeeds } from './needs';

/** Explicit network inputs: a service that is not in ECS yet, or a template's pre-flight. */
export interface NetworkCheckInput {
  region: string;
  accountId?: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  needs: string[];
  images?: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
}

/** Options shared by both checks. */
export interface CheckOptions {
  /** The clock for `checkedAt` and stopped-task ages. */
  now?: Date;
  /** Caps AWS calls in flight per account and region (a process-wide default otherwise). */
  limiter?: ConcurrencyLimiter;
  /** The region's S3 prefix list, when the caller caches it per region. */
  s3PrefixList?: PrefixList | Promise<PrefixList | undefined>;
}

/** Options of {@link checkEcsService}. */
export interface CheckEcsServiceOptions extends CheckOptions {
  /** Needs to add to those derived from the task definition (for example `kms`). */
  extraNeeds?: string[];
}

function checkNeeds(field: string, needs: readonly string[]): void {
  for (const need of needs) {
    const problem = validateNeed(need);
    if (problem) throw new InputError(`${field}: ${problem}`);
  }
}

function checkIds(
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

function checkRegion(field: string, region: string, clients: AwsClients): void {
  if (!isKnownRegion(region)) {
    throw new InputError(
      `${field}: "${region}" is not an AWS region the checker knows (for example eu-west-1)`,
    );
  }
  if (clients.region !== region) {
    throw new InputError(
      `${field}: ${region} differs from the region of the AWS clients (${clients.region})`,
    );
  }
}

/** Throws an InputError naming the field when the network input is malformed; makes no AWS call. */
export function validateNetworkCheckInput(input: NetworkCheckInput): void {
  if (!isKnownRegion(input.region)) {
    throw new InputError(
      `region: "${input.region}" is not an AWS region the checker knows (for example eu-west-1)`,
    );
  }
  if (input.accountId !== undefined && !/^\d{12}$/.test(input.accountId)) {
    throw new InputError(
      `accountId: "${input.accountId}" is not a 12-digit AWS account id`,
    );
  }
  const vpcProblem = validateAwsId('vpc', input.vpcId);
  if (vpcProblem) throw new InputError(`vpcId: ${vpcProblem}`);
  checkIds('subnetIds', 'subnet', input.subnetIds);
  checkIds('securityGroupIds', 'securityGroup', input.securityGroupIds);
  checkNeeds('needs', input.needs);
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
    platformVersion: read.platformVersion,
    serviceArn: read.serviceArn,
    clusterArn: read.clusterArn,
    serviceName: read.serviceName,
    taskDefinitionArn: read.taskDefinitionArn,
    stoppedTasks: read.stoppedTasks,
    failures: read.failures,
  };
}

/**
 * The rules' view of explicit network inputs: the needs as given, plus `ecr` when an image is
 * in this region's private ECR (the images stand in for a task definition's containers).
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
    stoppedTasks: [],
    failures: [],
  };
}

/** No or rejected credentials stop the whole check: say so once, not per API call. */
function credentialsProblem(
  error: unknown,
): ServiceUnavailableError | undefined {
  if (isMissingCredentialsError(error)) {
    return new ServiceUnavailableError(
      'no AWS credentials found (environment, profile, SSO, container or instance role)',
      error,
    );
  }
  if (isRejectedCredentialsError(error)) {
    return new ServiceUnavailableError(
      `AWS rejected the credentials: ${describeAwsError(error, 'ec2', 'call')}`,
      error,
    );
  }
  return undefined;
}

async function withCredentialsCheck<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw credentialsProblem(error) ?? error;
  }
}

/**
 * Checks a live ECS service: DescribeServices and its task definition, the VPC of its
 * subnets, then the rule catalogue. See the module comment for what it throws.
 */
export async function checkEcsService(
  clients: AwsClients,
  serviceArn: string,
  options: CheckEcsServiceOptions = {},
): Promise<CheckReport> {
  const arn = parseEcsServiceArn(serviceArn);
  if (!arn) {
    throw new InputError(
      `serviceArn: "${serviceArn}" is not an ECS service ARN; expected arn:aws:ecs:<region>:<account>:service/<cluster>/<service>`,
    );
  }
  checkRegion('serviceArn', arn.region, clients);
  checkNeeds('extraNeeds', options.extraNeeds ?? []);

  const read = await withCredentialsCheck(() =>
    readEcsService(clients.ecs, arn.arn),
  );
  const serviceFailure = read.failures.find(f => f.part === 'service');
  if (serviceFailure) {
    throw new ServiceUnavailableError(
      `could not read ECS service ${arn.serviceName}: ${serviceFailure.reason}`,
    );
  }

  const vpcBySubnet = await withCredentialsCheck(() =>
    resolveSubnetVpcs(clients.ec2, read.subnetIds, {
      accountId: arn.accountId,
      limiter: options.limiter,
    }),
  ).catch(error => {
    if (error instanceof ServiceUnavailableError) throw error;
    throw new ServiceUnavailableError(
      `could not find the VPC of ECS service ${
        arn.serviceName
      }: ${describeAwsError(error, 'ec2', 'DescribeSubnets')}`,
      error,
    );
  });
  const vpcId = mostCommon(read.subnetIds.map(id => vpcBySubnet.get(id)));
  if (!vpcId) {
    throw new NotFoundError(
      `none of the subnets of ECS service ${
        arn.serviceName
      } exist (${read.subnetIds.join(', ')})`,
    );
  }

  const snapshot = await withCredentialsCheck(() =>
    readVpcSnapshot(
      clients.ec2,
      { region: arn.region, vpcId, accountId: arn.accountId },
      { limiter: options.limiter, s3PrefixList: options.s3PrefixList },
    ),
  );
  const spec = buildServiceSpec(read, vpcId, options.extraNeeds);
  // A service subnet or group missing from the VPC (deleted) comes back as `unknown` from the rules.
  return evaluateService(snapshot, spec, { now: options.now });
}

/** The most frequent defined value; ECS keeps a service's subnets in one VPC, so usually the only one. */
function mostCommon(values: Array<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Checks explicit network inputs (a service before it exists). Subnets or security groups
 * that are not in the given VPC are an InputError naming the field: the input contradicts
 * itself, and a report about another VPC would mislead.
 */
export async function checkNetwork(
  clients: AwsClients,
  input: NetworkCheckInput,
  options: CheckOptions = {},
): Promise<CheckReport> {
  validateNetworkCheckInput(input);
  checkRegion('region', input.region, clients);

  const snapshot = await withCredentialsCheck(() =>
    readVpcSnapshot(
      clients.ec2,
      { region: input.region, vpcId: input.vpcId, accountId: input.accountId },
      { limiter: options.limiter, s3PrefixList: options.s3PrefixList },
    ),
  );
  const spec = networkServiceSpec(input);
  assertNetworkInputInVpc(snapshot, spec);
  return evaluateService(snapshot, spec, { now: options.now });
}
