/**
 * The one check pipeline: validate the request, read ECS and the VPC through a reader,
 * evaluate the rule catalogue, return the report. The CLI, the backend and the scaffolder's
 * VPC lookup all run it; only their readers differ.
 *
 * What it throws (all @backstage/errors types, so the backend maps them to HTTP codes and
 * the CLI to exit 2):
 * - InputError: malformed input, named by field, before any AWS call; explicit subnets or
 *   security groups that are not in the given VPC; an ECS service without awsvpc networking.
 * - NotFoundError: the VPC, the ECS cluster or the ECS service does not exist.
 * - ServiceUnavailableError: no credentials, or credentials AWS rejects: no call can succeed.
 * Every narrower AWS fault, and every piece of the service's network that is missing (its
 * subnets deleted, its service unreadable), becomes an `unknown` entry of the report instead.
 */
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  CheckReport,
  CheckTarget,
  parseEcsServiceArnOrProblem,
  UnknownCheck,
  validateRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from '../aws/awsErrors';
import type { EcsServiceRead } from '../aws/ecsService';
import { evaluateService } from '../evaluate';
import {
  assertValidNeeds,
  buildServiceSpec,
  NetworkCheckInput,
  networkServiceSpec,
  validateNetworkCheckInput,
} from '../spec/serviceSpec';
import { assertNetworkInputInVpc, NetworkInputFields } from '../vpcMembership';
import type { AwsReader } from './reader';
import { unreadableReport } from './unreadableReport';

/** What to check: a live ECS service, or the network of a service that does not exist yet. */
export type CheckRequest =
  | {
      kind: 'ecs-service';
      serviceArn: string;
      /** Needs to add to those derived from the task definition (for example `kms`). */
      extraNeeds?: string[];
      /** The input field the ARN came from, for errors (`serviceArn` when omitted). */
      field?: string;
    }
  | {
      kind: 'network';
      input: NetworkCheckInput;
      /** The input fields to blame when subnets or groups are not in the VPC. */
      fields?: NetworkInputFields;
    };

/** Options of {@link runCheck}. */
export interface RunCheckOptions {
  /** The clock, for `checkedAt` of reports that could not read the network. */
  now?: () => Date;
}

/** Throws an InputError, before any AWS call, for a request that is malformed or for another region. */
export function validateCheckRequest(
  request: CheckRequest,
  reader: Pick<AwsReader, 'region'>,
): void {
  if (request.kind === 'network') {
    validateNetworkCheckInput(request.input);
    assertReaderRegion('region', request.input.region, reader);
    return;
  }
  const field = request.field ?? 'serviceArn';
  const parsed = parseEcsServiceArnOrProblem(request.serviceArn);
  if ('problem' in parsed) throw new InputError(`${field}: ${parsed.problem}`);
  assertReaderRegion(field, parsed.arn.region, reader);
  assertValidNeeds('extraNeeds', request.extraNeeds ?? []);
}

function assertReaderRegion(
  field: string,
  region: string,
  reader: Pick<AwsReader, 'region'>,
): void {
  const problem = validateRegion(region);
  if (problem) throw new InputError(`${field}: ${problem}`);
  if (reader.region !== region) {
    throw new InputError(
      `${field}: ${region} differs from the region of the AWS clients (${reader.region})`,
    );
  }
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

/** The most frequent defined value; ECS keeps a service's subnets in one VPC, so usually the only one. */
function mostCommon(values: Array<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function ecsCheckTarget(read: EcsServiceRead): CheckTarget {
  return {
    region: read.region,
    accountId: read.accountId,
    subnetIds: read.subnetIds,
    securityGroupIds: read.securityGroupIds,
    serviceArn: read.serviceArn,
    clusterArn: read.clusterArn,
    serviceName: read.serviceName,
    taskDefinitionArn: read.taskDefinitionArn,
    platformVersion: read.platformVersion,
    assignPublicIp: read.assignPublicIp,
  };
}

/** The VPC of the service's subnets, or why it is not known. */
async function locateVpc(
  reader: AwsReader,
  read: EcsServiceRead,
): Promise<{ vpcId: string } | { unknown: UnknownCheck }> {
  let vpcBySubnet: Map<string, string>;
  try {
    vpcBySubnet = await withCredentialsCheck(() =>
      reader.resolveSubnetVpcs(read.subnetIds),
    );
  } catch (error) {
    if (error instanceof ServiceUnavailableError) throw error;
    return {
      unknown: {
        check: 'task subnets',
        rules: [],
        call: 'DescribeSubnets',
        reason: describeAwsError(error, 'ec2', 'DescribeSubnets'),
      },
    };
  }
  const vpcId = mostCommon(read.subnetIds.map(id => vpcBySubnet.get(id)));
  if (vpcId) return { vpcId };
  return {
    unknown: {
      check: 'task subnets',
      rules: [],
      call: 'DescribeSubnets',
      reason: `none of the service's subnets (${read.subnetIds.join(
        ', ',
      )}) exists any more`,
    },
  };
}

async function checkEcsServiceRequest(
  reader: AwsReader,
  request: Extract<CheckRequest, { kind: 'ecs-service' }>,
  now: () => Date,
): Promise<CheckReport> {
  const read = await withCredentialsCheck(() =>
    reader.readEcsService(request.serviceArn.trim()),
  );
  const checkedAt = () => now().toISOString();
  if (read.failures.some(f => f.part === 'service') || !read.subnetIds.length) {
    const unknown: UnknownCheck[] = read.failures.map(f => ({
      check: `ECS ${f.part}`,
      rules: [],
      call: f.call,
      reason: f.reason,
    }));
    return unreadableReport(ecsCheckTarget(read), unknown, {
      checkedAt: checkedAt(),
    });
  }
  const located = await locateVpc(reader, read);
  if ('unknown' in located) {
    return unreadableReport(ecsCheckTarget(read), [located.unknown], {
      checkedAt: checkedAt(),
    });
  }
  const spec = buildServiceSpec(read, located.vpcId, request.extraNeeds);
  const snapshot = await withCredentialsCheck(() =>
    reader.readVpcSnapshot(located.vpcId),
  );
  // A service subnet or group missing from the VPC (deleted) comes back as `unknown` from the rules.
  return evaluateService(snapshot, spec);
}

/**
 * Checks what the request names, reading through the reader. See the module comment for
 * what it throws and what becomes `unknown`.
 */
export async function runCheck(
  reader: AwsReader,
  request: CheckRequest,
  options: RunCheckOptions = {},
): Promise<CheckReport> {
  validateCheckRequest(request, reader);
  const now = options.now ?? (() => new Date());
  if (request.kind === 'ecs-service') {
    return checkEcsServiceRequest(reader, request, now);
  }
  const snapshot = await withCredentialsCheck(() =>
    reader.readVpcSnapshot(request.input.vpcId),
  );
  const spec = networkServiceSpec(request.input);
  assertNetworkInputInVpc(snapshot, spec, request.fields);
  return evaluateService(snapshot, spec);
}
