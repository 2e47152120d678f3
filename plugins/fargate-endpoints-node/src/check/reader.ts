/**
 * The reads a check makes, behind one interface: the CLI passes a plain reader over SDK
 * clients, the backend its cached, batched and paced one. The check pipeline sees only this.
 */
import type {
  FileSystemRead,
  HubView,
  PrefixList,
  PullThroughCacheRead,
  RepositoryPolicyRead,
  VpcSnapshot,
} from '../model';
import {
  readPullThroughCache,
  readPullThroughCacheRules,
  readRepositoryPolicies,
  type PullThroughCacheRule,
} from '../aws/ecr';
import { readFileSystems } from '../aws/efs';
import { readHubView } from '../aws/hub';
import type { AwsClients } from '../aws/clients';
import {
  readEcsService,
  type EcsServiceRead,
  type ReadEcsServiceOptions,
} from '../aws/ecsService';
import type { ConcurrencyLimiter } from '../aws/limiter';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import {
  listEcsServices,
  readTaskDefinition,
  type EcsServiceListing,
} from '../aws/ecsDiscovery';
import { resolveNetworkResourceVpcs } from '../aws/networkResourceVpcs';
import { resolveSubnetVpcs } from '../aws/subnetVpcs';
import { readS3PrefixList, readVpcSnapshot } from '../aws/vpcSnapshot';
import {
  readVpcSnapshots,
  type VpcSnapshotsRead,
} from '../aws/regionVpcSnapshots';

/**
 * The AWS reads of one account and region.
 *
 * @public
 */
export interface AwsReader {
  /** The region every read is made in. */
  readonly region: string;
  /** The account, when known; undefined means whatever account the credentials are in. */
  readonly accountId?: string;
  /**
   * Reads an ECS service: network configuration, task definition, stopped tasks (of a
   * troubled service). Throws NotFoundError (cluster or service missing) or InputError (not
   * awsvpc); every other fault is a failure listed in the result. `options.taskDefinitions`
   * lets a caller serve task definitions from a cache (they are immutable per ARN).
   */
  readEcsService(
    serviceArn: string,
    options?: Pick<ReadEcsServiceOptions, 'taskDefinitions'>,
  ): Promise<EcsServiceRead>;
  /** The VPC of each subnet that exists; throws the SDK error when the call fails. */
  resolveSubnetVpcs(subnetIds: string[]): Promise<Map<string, string>>;
  /**
   * Reads one VPC. AWS faults are listed in the snapshot; a missing VPC throws
   * NotFoundError, missing or rejected credentials throw the SDK error.
   */
  readVpcSnapshot(vpcId: string): Promise<VpcSnapshot>;
  /**
   * Reads many VPCs of this account and region with a few paged calls (a fleet sweep): each
   * one's snapshot as {@link AwsReader.readVpcSnapshot} would read it, or its NotFoundError;
   * missing or rejected credentials throw the SDK error.
   */
  readVpcSnapshots?(vpcIds: string[]): Promise<VpcSnapshotsRead>;
  /**
   * Reads, as the hub account, the records of the zones it owns and the endpoints they (and
   * `endpointIds`) point at. Only readers of a hub account are asked; failures are listed.
   */
  readHubView?(zoneIds: string[], endpointIds: string[]): Promise<HubView>;
  /** Reads the mount targets (and their groups) of EFS file systems a task definition mounts. */
  readFileSystems?(fileSystemIds: string[]): Promise<FileSystemRead[]>;
  /**
   * Reads which of the images (this account's private ECR in this region) sit under an ECR
   * pull-through cache prefix and whether each is cached yet; failures are listed.
   */
  readPullThroughCache?(images: string[]): Promise<PullThroughCacheRead>;
  /**
   * Reads the repository policies of the images (private ECR in this region) that another
   * account than `accountId` owns; failures are listed with each image.
   */
  readRepositoryPolicies?(
    images: string[],
    accountId: string,
  ): Promise<RepositoryPolicyRead[]>;
  /** Lists every awsvpc ECS service of the account and region (a plan's impact starts from its VPCs). */
  listEcsServices?(): Promise<EcsServiceListing>;
  /** Reads one task definition revision. */
  readTaskDefinition?(
    taskDefinitionArn: string,
  ): Promise<TaskDefinition | undefined>;
  /** The VPC of each route table, security group, network ACL, subnet or endpoint id that exists. */
  resolveNetworkResourceVpcs?(ids: string[]): Promise<Map<string, string>>;
}

/**
 * Options of {@link createAwsReader}.
 *
 * @public
 */
export interface AwsReaderOptions {
  /** The account the clients' credentials are in, for limiter keys and reports. */
  accountId?: string;
  /** Caps EC2 calls in flight per account and region; a process-wide limiter otherwise. */
  limiter?: ConcurrencyLimiter;
  /** How long the region's S3 prefix list is reused (default an hour: it all but never changes). */
  s3PrefixListTtlMs?: number;
  /**
   * How long the registry's pull-through cache rules are reused (default five minutes): one
   * DescribePullThroughCacheRules serves every service read meanwhile.
   */
  pullThroughCacheRulesTtlMs?: number;
  /** The clock, for the prefix list's age. */
  now?: () => number;
}

/**
 * A reader that calls AWS for every read, except the region's S3 prefix list, which it reads
 * once and shares between the VPCs it reads for a while.
 *
 * @public
 */
export function createAwsReader(
  clients: AwsClients,
  options: AwsReaderOptions = {},
): AwsReader {
  const now = options.now ?? Date.now;
  const ttlMs = options.s3PrefixListTtlMs ?? 60 * 60_000;
  let s3PrefixList:
    | { read: Promise<PrefixList | undefined>; at: number }
    | undefined;
  const prefixList = () => {
    if (!s3PrefixList || now() - s3PrefixList.at > ttlMs) {
      const read = readS3PrefixList(clients.ec2, clients.region);
      s3PrefixList = { read, at: now() };
      // A failed read is not kept: the next VPC asks again.
      read.catch(() => {
        if (s3PrefixList?.read === read) s3PrefixList = undefined;
      });
    }
    return s3PrefixList.read;
  };
  const rulesTtlMs = options.pullThroughCacheRulesTtlMs ?? 5 * 60_000;
  let cacheRules:
    | { read: Promise<PullThroughCacheRule[]>; at: number }
    | undefined;
  const pullThroughCacheRules = () => {
    if (!cacheRules || now() - cacheRules.at > rulesTtlMs) {
      const read = readPullThroughCacheRules(clients.ecr!);
      cacheRules = { read, at: now() };
      // A failed read is not kept: the next service asks again.
      read.catch(() => {
        if (cacheRules?.read === read) cacheRules = undefined;
      });
    }
    return cacheRules.read;
  };
  return {
    region: clients.region,
    accountId: options.accountId,
    readEcsService: (serviceArn, readOptions) =>
      readEcsService(clients.ecs, serviceArn, readOptions),
    resolveSubnetVpcs: subnetIds =>
      resolveSubnetVpcs(clients.ec2, subnetIds, {
        accountId: options.accountId,
        limiter: options.limiter,
      }),
    readVpcSnapshot: vpcId =>
      readVpcSnapshot(
        clients.ec2,
        { region: clients.region, vpcId, accountId: options.accountId },
        {
          limiter: options.limiter,
          s3PrefixList: prefixList(),
          route53: clients.route53,
          route53Profiles: clients.route53Profiles,
        },
      ),
    readVpcSnapshots: vpcIds =>
      readVpcSnapshots(
        clients.ec2,
        { region: clients.region, vpcIds, accountId: options.accountId },
        {
          limiter: options.limiter,
          s3PrefixList: prefixList(),
          route53: clients.route53,
          route53Profiles: clients.route53Profiles,
        },
      ),
    readFileSystems: clients.efs
      ? ids => readFileSystems(clients.efs!, ids)
      : undefined,
    readPullThroughCache: clients.ecr
      ? images =>
          readPullThroughCache(
            clients.ecr!,
            images,
            { region: clients.region, accountId: options.accountId },
            pullThroughCacheRules,
          )
      : undefined,
    readRepositoryPolicies: clients.ecr
      ? (images, accountId) =>
          readRepositoryPolicies(clients.ecr!, images, {
            region: clients.region,
            accountId,
          })
      : undefined,
    listEcsServices: () => listEcsServices(clients.ecs),
    readTaskDefinition: arn => readTaskDefinition(clients.ecs, arn),
    resolveNetworkResourceVpcs: ids =>
      resolveNetworkResourceVpcs(clients.ec2, ids, {
        accountId: options.accountId,
        limiter: options.limiter,
      }),
    readHubView: (zoneIds, endpointIds) =>
      readHubView(
        clients,
        options.accountId ?? 'the hub account',
        zoneIds,
        endpointIds,
      ),
  };
}
