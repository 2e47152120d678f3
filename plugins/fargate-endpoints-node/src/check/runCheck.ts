/**
 * The one check pipeline: validate the request, read ECS and the VPC through a reader,
 * evaluate the rule catalogue, return the report. The CLI, the backend and the scaffolder's
 * VPC lookup all run it; only their readers differ.
 *
 * What it throws (all @backstage/errors types, so the backend maps them to HTTP codes and
 * the CLI to exit 2):
 * - InputError: malformed input, named by field, before any AWS call; explicit subnets or
 *   security groups that are not in the given VPC; an ECS service without awsvpc networking.
 * - NotFoundError: the VPC, the ECS cluster or the ECS service does not exist (unless the
 *   request carries the template's network plan: a generated service ECS does not know yet
 *   is "not deployed yet", an `unknown` report with `notDeployed`).
 * - ServiceUnavailableError: no credentials, or credentials AWS rejects: no call can succeed.
 * Every narrower AWS fault, and every piece of the service's network that is missing (its
 * subnets deleted, its service unreadable), becomes an `unknown` entry of the report instead.
 */
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CheckReport,
  CheckTarget,
  parseEcsServiceArn,
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
import { DEFAULT_CHECK_DEADLINE_MS } from '../defaults';
import type {
  FileSystemRead,
  PullThroughCacheRead,
  RepositoryPolicyRead,
  ServiceSpec,
  VpcSnapshot,
} from '../model';
import { detectSubnetPaths } from '../network/routes';
import { parsePrivateEcrImage } from '../spec/images';
import { evaluateService } from '../evaluate';
import { isServiceZone, recordEndpointIds } from '../network/dnsNames';
import {
  assertValidNeeds,
  buildServiceSpec,
  NetworkCheckInput,
  networkServiceSpec,
  validateNetworkCheckInput,
} from '../spec/serviceSpec';
import { assertNetworkInputInVpc, NetworkInputFields } from '../vpcMembership';
import type { AwsReader } from './reader';
import { withOwnAccountHubView } from './ownAccountHub';
import { notDeployedReport, unreadableReport } from './unreadableReport';

/**
 * What to check: a live ECS service, or the network of a service that does not exist yet.
 *
 * @public
 */
export type CheckRequest =
  | {
      kind: 'ecs-service';
      serviceArn: string;
      /** Needs to add to those derived from the task definition (for example `kms`). */
      extraNeeds?: string[];
      /** The input field the ARN came from, for errors (`serviceArn` when omitted). */
      field?: string;
      /**
       * The network the template planned, for a generated service: then a service or cluster
       * ECS does not know is "not deployed yet" (an `unknown` report), not a NotFoundError.
       */
      networkPlan?: string;
    }
  | {
      /** A generated service with no ECS service ARN yet: nothing to read, it is not deployed. */
      kind: 'planned';
      region: string;
      accountId?: string;
      vpcId?: string;
      subnetIds?: string[];
      needs: string[];
      networkPlan: string;
      /** What will link it once deployed, in words (the annotation to add). */
      linkedBy: string;
    }
  | {
      kind: 'network';
      input: NetworkCheckInput;
      /** The input fields to blame when subnets or groups are not in the VPC. */
      fields?: NetworkInputFields;
    };

/**
 * Options of {@link runCheck}.
 *
 * @public
 */
export interface RunCheckOptions {
  /** The clock, for `checkedAt` of reports that could not read the network. */
  now?: () => Date;
  /** How long the check may take before unread parts are `unknown: timed out` (default {@link DEFAULT_CHECK_DEADLINE_MS}). */
  deadlineMs?: number;
  /**
   * The hub account of shared endpoints, with a reader in it (same region), as config names
   * it: zones it owns are read as the hub and its endpoints verified (state, groups, policy).
   */
  hub?: { accountId: string; reader: AwsReader };
}

/** A read that did not answer before the check's deadline. */
class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/** Races each read against one deadline for the whole check. */
function deadlineFor(ms: number) {
  const until = Date.now() + ms;
  return async function within<T>(what: string, read: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DeadlineError(
              `timed out: ${what} had not answered when the check's deadline of ${Math.round(
                ms / 1000,
              )} s passed`,
            ),
          ),
        Math.max(0, until - Date.now()),
      );
    });
    // The read goes on (a shared, cached read still serves later checks); this check stops waiting.
    read.catch(() => undefined);
    try {
      return await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

type Within = ReturnType<typeof deadlineFor>;

/**
 * Adds the hub's view to the snapshot when config names a hub and the VPC's zones point at
 * it: the records of the zones the hub owns, the endpoints the records name. The snapshot
 * itself may be shared (cached), so a copy carries the view.
 */
async function withHubView(
  snapshot: VpcSnapshot,
  hub: RunCheckOptions['hub'],
  within: Within,
): Promise<VpcSnapshot> {
  if (!hub?.reader.readHubView || !snapshot.privateZones) return snapshot;
  const hubAccountId = hub.accountId;
  // A zone a Route 53 Profile brings, unnamed here, may be a service zone: the hub reads it.
  const zones = snapshot.privateZones.filter(
    z => z.name === undefined || isServiceZone(z.name, snapshot.region),
  );
  const hubZoneIds = zones
    .filter(z => !z.records && z.ownerAccountId === hub.accountId)
    .map(z => z.id);
  const endpointIds = [
    ...zones.flatMap(z => (z.records ?? []).flatMap(recordEndpointIds)),
    // Interface endpoints the VPC's Route 53 Profile shares: which service each serves.
    ...(snapshot.profileEndpoints ?? [])
      .filter(e => !e.ownerAccountId || e.ownerAccountId === hubAccountId)
      .map(e => e.endpointId),
  ];
  if (hubZoneIds.length === 0 && endpointIds.length === 0) return snapshot;
  try {
    const view = await within(
      `the read of hub account ${hub.accountId}`,
      hub.reader.readHubView(hubZoneIds, [...new Set(endpointIds)]),
    );
    return { ...snapshot, hub: { ...view, accountId: hub.accountId } };
  } catch (error) {
    // One failure per zone, named as readHubView names its own, so that each zone's
    // unknown carries the reason (no credentials for the hub, the deadline).
    const reason = reasonOf(error, 'ListResourceRecordSets');
    return {
      ...snapshot,
      hub: {
        accountId: hub.accountId,
        zoneRecords: {},
        endpoints: [],
        failures: [
          ...hubZoneIds.map(id => ({
            call: 'ListResourceRecordSets',
            reason: `${id}: ${reason}`,
          })),
          ...(endpointIds.length > 0
            ? [{ call: 'DescribeVpcEndpoints', reason }]
            : []),
        ],
      },
    };
  }
}

/** Throws an InputError, before any AWS call, for a request that is malformed or for another region. */
export function validateCheckRequest(
  request: CheckRequest,
  reader: Pick<AwsReader, 'region'>,
): void {
  if (request.kind === 'planned') {
    assertReaderRegion('region', request.region, reader);
    assertValidNeeds('needs', request.needs);
    return;
  }
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
    desiredCount: read.desiredCount,
    runningCount: read.runningCount,
    pendingCount: read.pendingCount,
  };
}

/** The VPC of the service's subnets, or why it is not known. */
async function locateVpc(
  reader: AwsReader,
  read: EcsServiceRead,
  within: Within,
): Promise<{ vpcId: string } | { unknown: UnknownCheck }> {
  let vpcBySubnet: Map<string, string>;
  try {
    vpcBySubnet = await withCredentialsCheck(() =>
      within('DescribeSubnets', reader.resolveSubnetVpcs(read.subnetIds)),
    );
  } catch (error) {
    if (error instanceof ServiceUnavailableError) throw error;
    return {
      unknown: {
        check: 'task subnets',
        rules: [],
        call: 'DescribeSubnets',
        reason: reasonOf(error, 'DescribeSubnets'),
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

function reasonOf(error: unknown, call: string): string {
  return error instanceof DeadlineError
    ? error.message
    : describeAwsError(error, 'ec2', call);
}

/**
 * Reads the pull-through cache state of the task definition's images in the service's own
 * registry; a deadline or a fault becomes a failure, never a throw.
 */
async function readPullThroughCacheWithin(
  reader: AwsReader,
  spec: ServiceSpec,
  within: Within,
): Promise<PullThroughCacheRead | undefined> {
  const images = spec.images.filter(image => {
    const ecr = parsePrivateEcrImage(image);
    return (
      ecr?.region === spec.region &&
      (!spec.accountId || ecr.accountId === spec.accountId)
    );
  });
  if (images.length === 0) return undefined;
  const failed = (reason: string): PullThroughCacheRead => ({
    images: [],
    failure: { call: 'DescribePullThroughCacheRules', reason, images },
  });
  // A reader without ECR (a custom one) leaves the cache unread, as one without Route 53 leaves zones.
  if (!reader.readPullThroughCache) return undefined;
  try {
    return await withCredentialsCheck(() =>
      within(
        'DescribePullThroughCacheRules',
        reader.readPullThroughCache!(images),
      ),
    );
  } catch (error) {
    if (error instanceof ServiceUnavailableError) throw error;
    return failed(
      error instanceof DeadlineError
        ? error.message
        : describeAwsError(error, 'ecr', 'DescribePullThroughCacheRules'),
    );
  }
}

/**
 * Reads the repository policies of the images in other accounts' registries (same region);
 * undefined when there are none or the reader has no ECR. A deadline or a fault is kept with
 * each image.
 */
async function readRepositoryPoliciesWithin(
  reader: AwsReader,
  spec: ServiceSpec,
  within: Within,
): Promise<RepositoryPolicyRead[] | undefined> {
  const accountId = spec.accountId;
  if (!accountId || !reader.readRepositoryPolicies) return undefined;
  const images = spec.images.filter(image => {
    const ecr = parsePrivateEcrImage(image);
    return ecr?.region === spec.region && ecr.accountId !== accountId;
  });
  if (images.length === 0) return undefined;
  try {
    return await withCredentialsCheck(() =>
      within(
        'GetRepositoryPolicy',
        reader.readRepositoryPolicies!(images, accountId),
      ),
    );
  } catch (error) {
    if (error instanceof ServiceUnavailableError) throw error;
    const reason =
      error instanceof DeadlineError
        ? error.message
        : describeAwsError(error, 'ecr', 'GetRepositoryPolicy');
    return images.map(image => {
      const ecr = parsePrivateEcrImage(image)!;
      return {
        image,
        registryId: ecr.accountId,
        repository: ecr.repository,
        failure: { call: 'GetRepositoryPolicy', reason },
      };
    });
  }
}

/** Reads the mount targets of the file systems; a deadline or a fault is kept with each. */
function readFileSystemsWithin(
  reader: AwsReader,
  ids: string[],
  within: Within,
): Promise<FileSystemRead[]> {
  const failed = (reason: string) =>
    ids.map(id => ({ id, failure: { call: 'DescribeMountTargets', reason } }));
  if (!reader.readFileSystems)
    return Promise.resolve(failed('this reader cannot read EFS'));
  return within('DescribeMountTargets', reader.readFileSystems(ids)).catch(
    error => failed(reasonOf(error, 'DescribeMountTargets')),
  );
}

/** Reads the VPC; a deadline passed becomes an unknown report rather than an error. */
async function readVpcWithin(
  reader: AwsReader,
  vpcId: string,
  within: Within,
): Promise<VpcSnapshot | { unknown: UnknownCheck }> {
  try {
    return await withCredentialsCheck(() =>
      within(`the read of ${vpcId}`, reader.readVpcSnapshot(vpcId)),
    );
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    return {
      unknown: {
        check: `VPC ${vpcId}`,
        rules: [],
        call: 'DescribeVpcs',
        reason: error.message,
      },
    };
  }
}

async function checkEcsServiceRequest(
  reader: AwsReader,
  request: Extract<CheckRequest, { kind: 'ecs-service' }>,
  now: () => Date,
  within: Within,
  hub: RunCheckOptions['hub'],
): Promise<CheckReport> {
  const checkedAt = () => now().toISOString();
  let read: EcsServiceRead;
  try {
    read = await withCredentialsCheck(() =>
      within(
        'DescribeServices',
        reader.readEcsService(request.serviceArn.trim()),
      ),
    );
  } catch (error) {
    if (error instanceof NotFoundError && request.networkPlan !== undefined) {
      const arn = parseEcsServiceArn(request.serviceArn)!;
      return notDeployedReport(
        {
          region: arn.region,
          accountId: arn.accountId,
          subnetIds: [],
          securityGroupIds: [],
          serviceArn: arn.arn,
          serviceName: arn.serviceName,
        },
        {
          reason: error.message,
          networkPlan: request.networkPlan,
          linkedBy: `${request.field ?? 'serviceArn'} ${
            arn.arn
          }: the check runs as soon as ECS has service ${
            arn.serviceName
          } in cluster ${arn.clusterName} (after terraform apply)`,
        },
        {
          needs: request.extraNeeds,
          checkedAt: checkedAt(),
          call: 'DescribeServices',
        },
      );
    }
    if (!(error instanceof DeadlineError)) throw error;
    const arn = parseEcsServiceArn(request.serviceArn)!;
    return unreadableReport(
      {
        region: arn.region,
        accountId: arn.accountId,
        subnetIds: [],
        securityGroupIds: [],
        serviceArn: arn.arn,
        serviceName: arn.serviceName,
      },
      [
        {
          check: 'ECS service',
          rules: [],
          call: 'DescribeServices',
          reason: error.message,
        },
      ],
      { checkedAt: checkedAt() },
    );
  }
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
  const located = await locateVpc(reader, read, within);
  if ('unknown' in located) {
    return unreadableReport(ecsCheckTarget(read), [located.unknown], {
      checkedAt: checkedAt(),
    });
  }
  const spec = buildServiceSpec(read, located.vpcId, request.extraNeeds);
  if (spec.efsFileSystemIds?.length)
    spec.fileSystems = await readFileSystemsWithin(
      reader,
      spec.efsFileSystemIds,
      within,
    );
  let snapshot: VpcSnapshot | { unknown: UnknownCheck };
  try {
    snapshot = await readVpcWithin(reader, located.vpcId, within);
  } catch (error) {
    // The subnets are in this VPC, so it exists: an answer without it is not an answer.
    if (!(error instanceof NotFoundError)) throw error;
    snapshot = {
      unknown: {
        check: `VPC ${located.vpcId}`,
        rules: [],
        call: 'DescribeVpcs',
        reason: `the answer does not hold ${located.vpcId}, although the service's subnets are in it`,
      },
    };
  }
  if ('unknown' in snapshot) {
    return unreadableReport(
      { ...ecsCheckTarget(read), vpcId: located.vpcId },
      [snapshot.unknown],
      { needs: spec.needs, checkedAt: checkedAt() },
    );
  }
  // Only a task with no way out depends on what the cache holds (see rules/pullThroughCache.ts).
  if (
    detectSubnetPaths(snapshot, spec.subnetIds).some(p => p.path === 'isolated')
  )
    spec.pullThroughCache = await readPullThroughCacheWithin(
      reader,
      spec,
      within,
    );
  spec.repositoryPolicies = await readRepositoryPoliciesWithin(
    reader,
    spec,
    within,
  );
  // A service subnet or group missing from the VPC (deleted) comes back as `unknown` from the rules.
  return evaluateService(
    await withOwnAccountHubView(
      await withHubView(snapshot, hub, within),
      reader,
      within,
      snapshot.accountId ?? spec.accountId,
    ),
    spec,
  );
}

/**
 * Checks what the request names, reading through the reader. See the module comment for
 * what it throws and what becomes `unknown`.
 *
 * @public
 */
export async function runCheck(
  reader: AwsReader,
  request: CheckRequest,
  options: RunCheckOptions = {},
): Promise<CheckReport> {
  validateCheckRequest(request, reader);
  const now = options.now ?? (() => new Date());
  const within = deadlineFor(options.deadlineMs ?? DEFAULT_CHECK_DEADLINE_MS);
  if (request.kind === 'ecs-service') {
    return checkEcsServiceRequest(reader, request, now, within, options.hub);
  }
  if (request.kind === 'planned') {
    return notDeployedReport(
      {
        region: request.region,
        accountId: request.accountId,
        vpcId: request.vpcId,
        subnetIds: request.subnetIds ?? [],
        securityGroupIds: [],
      },
      {
        reason: 'the entity has no ECS service ARN yet',
        networkPlan: request.networkPlan,
        linkedBy: request.linkedBy,
      },
      { needs: request.needs, checkedAt: now().toISOString() },
    );
  }
  const { input } = request;
  const spec = networkServiceSpec(input);
  const snapshot = await readVpcWithin(reader, input.vpcId, within);
  if ('unknown' in snapshot) {
    const { region, accountId, vpcId, subnetIds, securityGroupIds } = input;
    return unreadableReport(
      { region, accountId, vpcId, subnetIds, securityGroupIds },
      [snapshot.unknown],
      { needs: spec.needs, checkedAt: now().toISOString() },
    );
  }
  assertNetworkInputInVpc(snapshot, spec, request.fields);
  return evaluateService(
    await withOwnAccountHubView(
      await withHubView(snapshot, options.hub, within),
      reader,
      within,
      snapshot.accountId ?? spec.accountId,
    ),
    spec,
  );
}

/**
 * What a check reads besides the service and its VPC, for a caller that found the service
 * and read the VPC itself (a plan's impact): the mount targets of its EFS volumes, the
 * pull-through cache of an isolated service's images, other accounts' repository policies,
 * and the hub's view of shared endpoints. Faults are kept in the spec and the snapshot, as
 * {@link runCheck} keeps them; missing or rejected credentials throw ServiceUnavailableError.
 */
export async function completeServiceCheck(
  reader: AwsReader,
  spec: ServiceSpec,
  snapshot: VpcSnapshot,
  options: Pick<RunCheckOptions, 'deadlineMs' | 'hub'> = {},
): Promise<{ spec: ServiceSpec; snapshot: VpcSnapshot }> {
  const within = deadlineFor(options.deadlineMs ?? DEFAULT_CHECK_DEADLINE_MS);
  const completed: ServiceSpec = { ...spec };
  if (spec.efsFileSystemIds?.length)
    completed.fileSystems = await readFileSystemsWithin(
      reader,
      spec.efsFileSystemIds,
      within,
    );
  if (
    detectSubnetPaths(snapshot, spec.subnetIds).some(p => p.path === 'isolated')
  )
    completed.pullThroughCache = await readPullThroughCacheWithin(
      reader,
      completed,
      within,
    );
  completed.repositoryPolicies = await readRepositoryPoliciesWithin(
    reader,
    completed,
    within,
  );
  return {
    spec: completed,
    snapshot: await withHubView(snapshot, options.hub, within),
  };
}
