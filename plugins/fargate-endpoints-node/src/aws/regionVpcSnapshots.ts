/**
 * Reads many VPCs of one account and region with a handful of calls: EC2's Describe calls
 * take up to 200 values per filter ("You can specify up to 200 values per filter", EC2 API
 * Reference, Filter) and page up to 1,000 items (100 for route tables), so the subnets, route
 * tables, endpoints, security groups and network ACLs of 200 VPCs cost one paged call each,
 * where reading them VPC by VPC costs one call each per VPC. Each VPC's snapshot is built
 * from the answers with the same normalisers as {@link readVpcSnapshot}, so the rules judge
 * it exactly as they judge one read alone.
 *
 * What stays per VPC: DescribeVpcAttribute (one VPC and one attribute per call, EC2 API
 * Reference) and the Route 53 zones (ListHostedZonesByVPC takes one VPC). Route 53 Profile
 * associations are listed once for the account and region (ListProfileAssociations without
 * a resource id), each associated Profile's resources once.
 *
 * Faults: a batched call that fails becomes the same PartFailure on every VPC it was for; a
 * VPC absent from the DescribeVpcs answer is a NotFoundError of its own; missing or rejected
 * credentials throw, as they do for one VPC.
 */
import {
  DescribeVpcAttributeCommand,
  EC2Client,
  Filter,
  NetworkAcl as Ec2NetworkAcl,
  paginateDescribeDhcpOptions,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  RouteTable as Ec2RouteTable,
  SecurityGroup as Ec2SecurityGroup,
  Subnet as Ec2Subnet,
  Vpc,
  VpcEndpoint as Ec2VpcEndpoint,
  DhcpOptions,
} from '@aws-sdk/client-ec2';
import { NotFoundError } from '@backstage/errors';
import { endpointServiceName } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { EC2_FILTER_VALUES_MAX } from '../defaults';
import type {
  PartFailure,
  PrefixList,
  SnapshotPart,
  VpcSnapshot,
} from '../model';
import {
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
  isVpcNotFoundError,
} from './awsErrors';
import { defaultLimiter, limitedEc2Client, limiterKey } from './limiter';
import {
  dhcpDomainNameServers,
  toNetworkAcl,
  toRouteTable,
  toSecurityGroup,
  toSubnet,
  toVpcEndpoint,
  vpcCidrBlocks,
} from './normalize';
import { Route53AnswerGap } from './route53';
import {
  listProfileAssociations,
  listProfileResourceAssociations,
  ProfileAssociation,
  ProfileResourceAssociation,
  profileZonesOf,
  Route53ProfilesClient,
} from './route53Profiles';
import {
  AMAZON_PROVIDED_DNS,
  NO_DHCP_OPTIONS,
  readManagedPrefixList,
  readS3PrefixList,
  ReadVpcSnapshotOptions,
  readZonesWithRecords,
  referencedPrefixListIds,
  SnapshotGap,
  sortFailures,
} from './vpcSnapshot';

/**
 * The VPCs of one account and region to read together.
 *
 * @public
 */
export interface VpcsTarget {
  /** The region of every VPC. */
  region: string;
  /** The account of every VPC, for limiter keys, snapshots and errors. */
  accountId?: string;
  /** The VPCs; duplicates are read once, any number (200 per call). */
  vpcIds: string[];
}

/**
 * Each VPC's snapshot, or the NotFoundError of a VPC that does not exist.
 *
 * @public
 */
export type VpcSnapshotsRead = Map<string, VpcSnapshot | NotFoundError>;

/** Items per page of the batched calls: EC2's most (DescribeRouteTables allows 100). */
const PAGE_SIZE = 1000;
const ROUTE_TABLE_PAGE_SIZE = 100;

/** A batched call's items, or why the call failed. */
type Listed<T> = { items: T[] } | { failure: { call: string; reason: string } };

function failureOf(
  error: unknown,
  call: string,
): { call: string; reason: string } {
  if (isMissingCredentialsError(error) || isRejectedCredentialsError(error))
    throw error;
  return {
    call,
    reason:
      error instanceof SnapshotGap || error instanceof Route53AnswerGap
        ? error.message
        : describeAwsError(error, 'ec2', call),
  };
}

async function listed<P, I>(
  call: string,
  pages: () => AsyncIterable<P>,
  items: (page: P) => I[] | undefined,
): Promise<Listed<I>> {
  try {
    const result: I[] = [];
    for await (const page of pages()) result.push(...(items(page) ?? []));
    return { items: result };
  } catch (error) {
    return { failure: failureOf(error, call) };
  }
}

/** The items of one VPC, in the answer's order; undefined when the call failed. */
function ofVpc<T extends { VpcId?: string }>(
  list: Listed<T>,
  vpcId: string,
): T[] | undefined {
  return 'items' in list
    ? list.items.filter(item => item.VpcId === vpcId)
    : undefined;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

function vpcNotFound(target: VpcsTarget, vpcId: string): NotFoundError {
  return new NotFoundError(
    `VPC ${vpcId} not found in ${target.region}${
      target.accountId ? ` (account ${target.accountId})` : ''
    }`,
  );
}

/** Reads the VPCs' network state; see the module comment for what fails how. */
export async function readVpcSnapshots(
  ec2: EC2Client,
  target: VpcsTarget,
  options: ReadVpcSnapshotOptions = {},
): Promise<VpcSnapshotsRead> {
  const client = limitedEc2Client(
    ec2,
    options.limiter ?? defaultLimiter,
    limiterKey(target.region, target.accountId),
  );
  const vpcIds = [...new Set(target.vpcIds)];
  const result: VpcSnapshotsRead = new Map();
  if (vpcIds.length === 0) return result;
  // The region's S3 prefix list once, for every VPC (a failure is each VPC's part failure).
  const s3PrefixList = Promise.resolve(
    options.s3PrefixList ?? readS3PrefixList(client, target.region),
  );
  s3PrefixList.catch(() => undefined);
  const profiles = options.route53Profiles
    ? sharedProfileReads(options.route53Profiles)
    : undefined;
  const reads = await Promise.all(
    chunks(vpcIds, EC2_FILTER_VALUES_MAX).map(ids =>
      readChunk(client, target, ids, s3PrefixList, options, profiles),
    ),
  );
  for (const read of reads) read.forEach((value, id) => result.set(id, value));
  return result;
}

type ProfileZonesRead = ReturnType<typeof profileZonesOf>;

/**
 * The Profile zones of each VPC from one listing of the account's Profile associations and
 * one listing of each associated Profile's resources, shared by every VPC read.
 */
function sharedProfileReads(
  client: Route53ProfilesClient,
): (vpcId: string) => () => ProfileZonesRead {
  let associations: Promise<ProfileAssociation[]> | undefined;
  const resources = new Map<string, Promise<ProfileResourceAssociation[]>>();
  const resourcesOf = (profileId: string) => {
    let read = resources.get(profileId);
    if (!read) {
      read = listProfileResourceAssociations(client, profileId);
      read.catch(() => undefined);
      resources.set(profileId, read);
    }
    return read;
  };
  return vpcId => async () => {
    associations ??= listProfileAssociations(client);
    return profileZonesOf(vpcId, await associations, resourcesOf);
  };
}

/** At most 200 VPCs: one filter's values. */
async function readChunk(
  client: EC2Client,
  target: VpcsTarget,
  vpcIds: string[],
  s3PrefixListRead: Promise<PrefixList | undefined>,
  options: ReadVpcSnapshotOptions,
  profiles?: (vpcId: string) => () => ProfileZonesRead,
): Promise<VpcSnapshotsRead> {
  const pageSize = options.pageSize;
  const config = (max: number) => ({ client, pageSize: pageSize ?? max });
  const result: VpcSnapshotsRead = new Map();

  // The VPCs first: those that do not exist cost nothing more.
  const vpcs = await listed(
    'DescribeVpcs',
    () =>
      paginateDescribeVpcs(config(PAGE_SIZE), {
        Filters: [{ Name: 'vpc-id', Values: vpcIds }],
      }),
    p => p.Vpcs,
  );
  const vpcById = new Map<string, Vpc>();
  if ('items' in vpcs) {
    for (const vpc of vpcs.items) if (vpc.VpcId) vpcById.set(vpc.VpcId, vpc);
    for (const id of vpcIds)
      if (!vpcById.has(id)) result.set(id, vpcNotFound(target, id));
  }
  const present = vpcIds.filter(id => !result.has(id));
  if (present.length === 0) return result;
  const byVpc: Filter[] = [{ Name: 'vpc-id', Values: present }];

  const dhcpIds = [
    ...new Set(
      [...vpcById.values()]
        .map(v => v.DhcpOptionsId)
        .filter((id): id is string => Boolean(id) && id !== NO_DHCP_OPTIONS),
    ),
  ];
  const [dhcp, subnets, routeTables, endpoints, securityGroups, networkAcls] =
    await Promise.all([
      dhcpIds.length
        ? listed(
            'DescribeDhcpOptions',
            // A filter, not DhcpOptionsIds: one deleted set must not fail the others' read.
            () =>
              paginateDescribeDhcpOptions(config(PAGE_SIZE), {
                Filters: [{ Name: 'dhcp-options-id', Values: dhcpIds }],
              }),
            p => p.DhcpOptions,
          )
        : Promise.resolve<Listed<DhcpOptions>>({ items: [] }),
      listed(
        'DescribeSubnets',
        () => paginateDescribeSubnets(config(PAGE_SIZE), { Filters: byVpc }),
        p => p.Subnets,
      ),
      listed(
        'DescribeRouteTables',
        () =>
          paginateDescribeRouteTables(config(ROUTE_TABLE_PAGE_SIZE), {
            Filters: byVpc,
          }),
        p => p.RouteTables,
      ),
      listed(
        'DescribeVpcEndpoints',
        () =>
          paginateDescribeVpcEndpoints(config(PAGE_SIZE), { Filters: byVpc }),
        p => p.VpcEndpoints,
      ),
      // Filtered, as always: unfiltered DescribeSecurityGroups draws on a smaller bucket.
      listed(
        'DescribeSecurityGroups',
        () =>
          paginateDescribeSecurityGroups(config(PAGE_SIZE), {
            Filters: byVpc,
          }),
        p => p.SecurityGroups,
      ),
      listed(
        'DescribeNetworkAcls',
        () =>
          paginateDescribeNetworkAcls(config(PAGE_SIZE), { Filters: byVpc }),
        p => p.NetworkAcls,
      ),
    ]);

  const s3PrefixList: { list?: PrefixList; failure?: PartFailure } =
    await s3PrefixListRead.then(
      list =>
        list
          ? { list }
          : {
              failure: {
                part: 's3PrefixList',
                call: 'DescribePrefixLists',
                reason: `no prefix list named ${endpointServiceName(
                  target.region,
                  's3',
                )} in ${target.region}`,
              },
            },
      error => ({
        failure: {
          part: 's3PrefixList' as SnapshotPart,
          ...failureOf(error, 'DescribePrefixLists'),
        },
      }),
    );

  // Every prefix list the groups name, read once for all the VPCs that name it.
  const managedIds = referencedPrefixListIds(
    'items' in securityGroups ? securityGroups.items : [],
  ).filter(id => id !== s3PrefixList.list?.id);
  const managed = new Map(
    await Promise.all(
      managedIds.map(
        async id => [id, await readManagedPrefixList(client, id)] as const,
      ),
    ),
  );

  const snapshots = await Promise.all(
    present.map(vpcId =>
      assembleOne({
        client,
        target,
        vpcId,
        vpc: vpcById.get(vpcId),
        vpcsFailure: 'failure' in vpcs ? vpcs.failure : undefined,
        dhcp,
        subnets,
        routeTables,
        endpoints,
        securityGroups,
        networkAcls,
        s3PrefixList,
        managed,
        options,
        profiles,
      }),
    ),
  );
  present.forEach((id, i) => result.set(id, snapshots[i]));
  return result;
}

interface ChunkAnswers {
  client: EC2Client;
  target: VpcsTarget;
  vpcId: string;
  vpc?: Vpc;
  vpcsFailure?: { call: string; reason: string };
  dhcp: Listed<DhcpOptions>;
  subnets: Listed<Ec2Subnet>;
  routeTables: Listed<Ec2RouteTable>;
  endpoints: Listed<Ec2VpcEndpoint>;
  securityGroups: Listed<Ec2SecurityGroup>;
  networkAcls: Listed<Ec2NetworkAcl>;
  s3PrefixList: { list?: PrefixList; failure?: PartFailure };
  managed: Map<string, PrefixList | { failure: PartFailure }>;
  options: ReadVpcSnapshotOptions;
  profiles?: (vpcId: string) => () => ProfileZonesRead;
}

/** One VPC's snapshot from the chunk's answers and its own per-VPC reads. */
async function assembleOne(
  a: ChunkAnswers,
): Promise<VpcSnapshot | NotFoundError> {
  const { client, target, vpcId, options } = a;
  const failures: PartFailure[] = [];
  let notFound = false;
  if (a.vpcsFailure) failures.push({ part: 'vpc', ...a.vpcsFailure });

  const attribute = async (
    name: 'dnsSupport' | 'dnsHostnames',
  ): Promise<boolean | undefined> => {
    try {
      const out = await client.send(
        new DescribeVpcAttributeCommand({
          VpcId: vpcId,
          Attribute:
            name === 'dnsSupport' ? 'enableDnsSupport' : 'enableDnsHostnames',
        }),
      );
      return name === 'dnsSupport'
        ? out.EnableDnsSupport?.Value
        : out.EnableDnsHostnames?.Value;
    } catch (error) {
      if (isVpcNotFoundError(error)) notFound = true;
      failures.push({
        part: name,
        ...failureOf(error, 'DescribeVpcAttribute'),
      });
      return undefined;
    }
  };
  const zones = async () => {
    if (!options.route53) return undefined;
    try {
      return await readZonesWithRecords(
        options.route53,
        { region: target.region, vpcId, accountId: target.accountId },
        a.profiles?.(vpcId),
        (call, reason) => failures.push({ part: 'privateZones', call, reason }),
      );
    } catch (error) {
      if (isMissingCredentialsError(error) || isRejectedCredentialsError(error))
        throw error;
      failures.push({
        part: 'privateZones',
        call: 'ListHostedZonesByVPC',
        reason:
          error instanceof Route53AnswerGap
            ? error.message
            : describeAwsError(error, 'route53', 'ListHostedZonesByVPC'),
      });
      return undefined;
    }
  };
  const [dnsSupport, dnsHostnames, zoneRead] = await Promise.all([
    attribute('dnsSupport'),
    attribute('dnsHostnames'),
    zones(),
  ]);
  if (notFound) return vpcNotFound(target, vpcId);

  const domainNameServers = dnsServersOf(a, failures);
  const securityGroups = ofVpc(a.securityGroups, vpcId);
  const managedPrefixLists: PrefixList[] = [];
  for (const id of referencedPrefixListIds(securityGroups ?? [])) {
    const list = a.managed.get(id);
    if (!list) continue;
    if ('failure' in list) failures.push(list.failure);
    else managedPrefixLists.push(list);
  }
  if (a.s3PrefixList.failure) failures.push(a.s3PrefixList.failure);

  return {
    region: target.region,
    accountId: target.accountId,
    vpcId,
    cidrBlocks: a.vpc ? vpcCidrBlocks(a.vpc) : [],
    enableDnsSupport: dnsSupport,
    enableDnsHostnames: dnsHostnames,
    domainNameServers,
    subnets: (ofVpc(a.subnets, vpcId) ?? []).map(toSubnet),
    routeTables: (ofVpc(a.routeTables, vpcId) ?? []).map(toRouteTable),
    endpoints: (ofVpc(a.endpoints, vpcId) ?? []).map(toVpcEndpoint),
    securityGroups: (securityGroups ?? []).map(toSecurityGroup),
    networkAcls: (ofVpc(a.networkAcls, vpcId) ?? []).map(toNetworkAcl),
    s3PrefixList: a.s3PrefixList.list,
    managedPrefixLists,
    privateZones: zoneRead?.zones,
    ...(zoneRead?.profileEndpoints.length
      ? { profileEndpoints: zoneRead.profileEndpoints }
      : {}),
    readAt: (options.now?.() ?? new Date()).toISOString(),
    failures: sortFailures([...failures, ...batchedFailures(a)]),
  };
}

/** The failures of the batched calls, each this VPC's part failure. */
function batchedFailures(a: ChunkAnswers): PartFailure[] {
  const parts = {
    subnets: a.subnets,
    routeTables: a.routeTables,
    endpoints: a.endpoints,
    securityGroups: a.securityGroups,
    networkAcls: a.networkAcls,
  };
  return Object.entries(parts).flatMap(([part, list]) =>
    'failure' in list ? [{ part: part as SnapshotPart, ...list.failure }] : [],
  );
}

/** The VPC's DNS servers from its DHCP option set, or the failure that hides them. */
function dnsServersOf(
  a: ChunkAnswers,
  failures: PartFailure[],
): string[] | undefined {
  if (!a.vpc) {
    failures.push({
      part: 'dhcpOptions',
      call: 'DescribeVpcs',
      reason: 'the VPC could not be read, so neither could its DHCP options',
    });
    return undefined;
  }
  const dhcpOptionsId = a.vpc.DhcpOptionsId;
  if (!dhcpOptionsId || dhcpOptionsId === NO_DHCP_OPTIONS)
    return [AMAZON_PROVIDED_DNS];
  if ('failure' in a.dhcp) {
    failures.push({ part: 'dhcpOptions', ...a.dhcp.failure });
    return undefined;
  }
  const set = a.dhcp.items.find(o => o.DhcpOptionsId === dhcpOptionsId);
  if (!set) {
    failures.push({
      part: 'dhcpOptions',
      call: 'DescribeDhcpOptions',
      reason: `the answer holds no DHCP option set ${dhcpOptionsId}, the one ${a.vpcId} uses`,
    });
    return undefined;
  }
  return dhcpDomainNameServers(set);
}
