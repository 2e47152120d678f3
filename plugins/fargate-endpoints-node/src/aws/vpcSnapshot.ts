/**
 * Reads one VPC's state with the minimum calls (docs/domain.md#reading-the-live-state), each once, all filtered by
 * the VPC id, all at once. A call that fails leaves its part empty and adds a PartFailure
 * with a human reason, so the rules report `unknown` for what depends on it; nothing an AWS
 * fault does makes this throw. Only two things stop the read: the VPC does not exist
 * (NotFoundError) and there are no credentials at all (the SDK's CredentialsProviderError).
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeVpcAttributeCommand,
  EC2Client,
  Filter,
  paginateDescribeNetworkAcls,
  paginateDescribePrefixLists,
  paginateGetManagedPrefixListEntries,
  SecurityGroup as Ec2SecurityGroup,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  Vpc,
} from '@aws-sdk/client-ec2';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { NotFoundError } from '@backstage/errors';
import { endpointServiceName } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  HostedZone,
  PartFailure,
  PrefixList,
  ProfileEndpoint,
  SnapshotPart,
  VpcSnapshot,
  ZoneRecord,
} from '../model';
import {
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
  isVpcNotFoundError,
} from './awsErrors';
import {
  ConcurrencyLimiter,
  defaultLimiter,
  limitedEc2Client,
  limiterKey,
} from './limiter';
import { readPrivateZones, readZoneRecords, Route53AnswerGap } from './route53';
import { isServiceZone } from '../network/dnsNames';
import {
  readProfileZones,
  Route53ProfilesClient,
  Route53ProfilesMalformedResponse,
} from './route53Profiles';
import {
  dhcpDomainNameServers,
  toNetworkAcl,
  toPrefixList,
  toRouteTable,
  toSecurityGroup,
  toSubnet,
  toVpcEndpoint,
  vpcCidrBlocks,
} from './normalize';

/**
 * The VPC to read.
 *
 * @public
 */
export interface VpcTarget {
  region: string;
  vpcId: string;
  accountId?: string;
}

/**
 * Options of `readVpcSnapshot`.
 *
 * @public
 */
export interface ReadVpcSnapshotOptions {
  /**
   * The region's S3 prefix list, when the caller already has it (it is per region, not per
   * VPC: read it once with `readS3PrefixList` and share it). A promise that rejects
   * becomes a PartFailure. Omitted: the read fetches it.
   */
  s3PrefixList?: PrefixList | Promise<PrefixList | undefined>;
  /** Caps calls in flight per account and region; a process-wide limiter when omitted. */
  limiter?: ConcurrencyLimiter;
  /** Page size (MaxResults, 5 to 1000 as EC2 requires) for the paginated calls; AWS's default when omitted. */
  pageSize?: number;
  /** The clock, for `readAt`. */
  now?: () => Date;
  /**
   * Reads the VPC's Route 53 private hosted zones (shared hub endpoints) when given; without
   * it `privateZones` stays undefined and a hub cannot be recognised.
   */
  route53?: Route53Client;
  /**
   * Also reads the zones the VPC gets through a Route 53 Profile, when given with `route53`.
   * A failure of this read alone is a `privateZones` failure of its own call
   * (ListProfileAssociations), the directly associated zones still being known.
   */
  route53Profiles?: Route53ProfilesClient;
}

/** A part that answered but lacks what the rules need; its message is the reason as is. */
export class SnapshotGap extends Error {}

/** DhcpOptionsId `default` means the VPC has no options set: instances use the Amazon resolver. */
export const NO_DHCP_OPTIONS = 'default';
/** The resolver a VPC without DHCP options uses. */
export const AMAZON_PROVIDED_DNS = 'AmazonProvidedDNS';

/**
 * Reads the region's S3 prefix list (`com.amazonaws.<region>.s3`) with DescribePrefixLists,
 * which returns its CIDRs in the same call. Undefined when the region has none; throws the
 * SDK error on AWS faults, so that a caller caching it per region can see the failure.
 */
export async function readS3PrefixList(
  ec2: EC2Client,
  region: string,
): Promise<PrefixList | undefined> {
  // In China the S3 endpoint service is cn.com.amazonaws.<region>.s3; which name its prefix
  // list carries is not documented, so both are asked for and either is taken.
  const names = [
    ...new Set([
      endpointServiceName(region, 's3'),
      `com.amazonaws.${region}.s3`,
    ]),
  ];
  const pages = paginateDescribePrefixLists(
    { client: ec2 },
    { Filters: [{ Name: 'prefix-list-name', Values: names }] },
  );
  for await (const page of pages) {
    const list = (page.PrefixLists ?? []).find(p =>
      names.includes(p.PrefixListName ?? ''),
    );
    if (list) return toPrefixList(list);
  }
  return undefined;
}

/** Reads a VPC's network state once; see the module comment for what fails how. */
export async function readVpcSnapshot(
  ec2: EC2Client,
  target: VpcTarget,
  options: ReadVpcSnapshotOptions = {},
): Promise<VpcSnapshot> {
  const client = limitedEc2Client(
    ec2,
    options.limiter ?? defaultLimiter,
    limiterKey(target.region, target.accountId),
  );
  const failures: PartFailure[] = [];
  let vpcNotFound = false;
  const pageConfig = { client, pageSize: options.pageSize };
  const byVpc: Filter[] = [{ Name: 'vpc-id', Values: [target.vpcId] }];

  /** Runs one part's read; an AWS fault becomes a PartFailure and the part stays unread. */
  async function readPart<T>(
    part: SnapshotPart,
    call: string,
    read: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      // No call can succeed without valid credentials: stop rather than fail every part.
      if (isMissingCredentialsError(error) || isRejectedCredentialsError(error))
        throw error;
      if (isVpcNotFoundError(error)) vpcNotFound = true;
      const reason =
        error instanceof SnapshotGap || error instanceof Route53AnswerGap
          ? error.message
          : describeAwsError(
              error,
              part === 'privateZones' ? 'route53' : 'ec2',
              call,
            );
      failures.push({ part, call, reason });
      return undefined;
    }
  }

  async function all<P, I>(
    pages: AsyncIterable<P>,
    items: (page: P) => I[] | undefined,
  ): Promise<I[]> {
    const result: I[] = [];
    for await (const page of pages) result.push(...(items(page) ?? []));
    return result;
  }

  // The VPC first: a VPC that does not exist then costs one call, not ten (a flood of checks
  // of made-up VPC ids must not spend the account's budget). No slower for one that does:
  // its DHCP options wait for this answer anyway, so the read stays two round trips deep.
  const notFound = () =>
    new NotFoundError(
      `VPC ${target.vpcId} not found in ${target.region}${
        target.accountId ? ` (account ${target.accountId})` : ''
      }`,
    );
  const vpcs = await readPart('vpc', 'DescribeVpcs', () =>
    all(paginateDescribeVpcs(pageConfig, { Filters: byVpc }), p => p.Vpcs),
  );
  const vpc: Vpc | undefined = vpcs?.find(v => v.VpcId === target.vpcId);
  if ((vpcs && !vpc) || vpcNotFound) throw notFound();

  const vpcAndDhcp = (async () => {
    if (!vpc) {
      failures.push({
        part: 'dhcpOptions',
        call: 'DescribeVpcs',
        reason: 'the VPC could not be read, so neither could its DHCP options',
      });
      return { vpc: undefined, domainNameServers: undefined };
    }
    const dhcpOptionsId = vpc.DhcpOptionsId;
    if (!dhcpOptionsId || dhcpOptionsId === NO_DHCP_OPTIONS) {
      return { vpc, domainNameServers: [AMAZON_PROVIDED_DNS] };
    }
    const domainNameServers = await readPart(
      'dhcpOptions',
      'DescribeDhcpOptions',
      async () => {
        const out = await client.send(
          new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [dhcpOptionsId] }),
        );
        const dhcp = out.DhcpOptions?.find(
          o => o.DhcpOptionsId === dhcpOptionsId,
        );
        if (!dhcp) {
          throw new SnapshotGap(
            `the answer holds no DHCP option set ${dhcpOptionsId}, the one ${target.vpcId} uses`,
          );
        }
        return dhcpDomainNameServers(dhcp);
      },
    );
    return { vpc, domainNameServers };
  })();

  const [
    vpcRead,
    dnsSupport,
    dnsHostnames,
    subnets,
    routeTables,
    endpoints,
    securityGroups,
    networkAcls,
    s3PrefixList,
    zoneRead,
  ] = await Promise.all([
    vpcAndDhcp,
    readPart('dnsSupport', 'DescribeVpcAttribute', async () => {
      const out = await client.send(
        new DescribeVpcAttributeCommand({
          VpcId: target.vpcId,
          Attribute: 'enableDnsSupport',
        }),
      );
      return out.EnableDnsSupport?.Value;
    }),
    readPart('dnsHostnames', 'DescribeVpcAttribute', async () => {
      const out = await client.send(
        new DescribeVpcAttributeCommand({
          VpcId: target.vpcId,
          Attribute: 'enableDnsHostnames',
        }),
      );
      return out.EnableDnsHostnames?.Value;
    }),
    readPart('subnets', 'DescribeSubnets', () =>
      all(
        paginateDescribeSubnets(pageConfig, { Filters: byVpc }),
        p => p.Subnets,
      ),
    ),
    readPart('routeTables', 'DescribeRouteTables', () =>
      all(
        paginateDescribeRouteTables(pageConfig, { Filters: byVpc }),
        p => p.RouteTables,
      ),
    ),
    readPart('endpoints', 'DescribeVpcEndpoints', () =>
      all(
        paginateDescribeVpcEndpoints(pageConfig, { Filters: byVpc }),
        p => p.VpcEndpoints,
      ),
    ),
    // Always filtered: unfiltered DescribeSecurityGroups draws on a smaller throttle bucket.
    readPart('securityGroups', 'DescribeSecurityGroups', () =>
      all(
        paginateDescribeSecurityGroups(pageConfig, { Filters: byVpc }),
        p => p.SecurityGroups,
      ),
    ),
    readPart('networkAcls', 'DescribeNetworkAcls', () =>
      all(
        paginateDescribeNetworkAcls(pageConfig, { Filters: byVpc }),
        p => p.NetworkAcls,
      ),
    ),
    readPart('s3PrefixList', 'DescribePrefixLists', async () => {
      const list = await (options.s3PrefixList ??
        readS3PrefixList(client, target.region));
      if (!list) {
        throw new SnapshotGap(
          `no prefix list named ${endpointServiceName(
            target.region,
            's3',
          )} in ${target.region}`,
        );
      }
      return list;
    }),
    options.route53
      ? readPart('privateZones', 'ListHostedZonesByVPC', () =>
          readZonesWithRecords(
            options.route53!,
            target,
            options.route53Profiles,
            (call, reason) =>
              failures.push({ part: 'privateZones', call, reason }),
          ),
        )
      : Promise.resolve(undefined),
  ]);

  const managedPrefixLists = await readReferencedPrefixLists(
    client,
    securityGroups ?? [],
    s3PrefixList?.id,
    failures,
  );

  if (vpcNotFound) throw notFound();

  return {
    region: target.region,
    accountId: target.accountId,
    vpcId: target.vpcId,
    cidrBlocks: vpcRead.vpc ? vpcCidrBlocks(vpcRead.vpc) : [],
    enableDnsSupport: dnsSupport,
    enableDnsHostnames: dnsHostnames,
    domainNameServers: vpcRead.domainNameServers,
    subnets: (subnets ?? []).map(toSubnet),
    routeTables: (routeTables ?? []).map(toRouteTable),
    endpoints: (endpoints ?? []).map(toVpcEndpoint),
    securityGroups: (securityGroups ?? []).map(toSecurityGroup),
    networkAcls: (networkAcls ?? []).map(toNetworkAcl),
    s3PrefixList,
    managedPrefixLists,
    privateZones: zoneRead?.zones,
    ...(zoneRead?.profileEndpoints.length
      ? { profileEndpoints: zoneRead.profileEndpoints }
      : {}),
    readAt: (options.now?.() ?? new Date()).toISOString(),
    failures: sortFailures(failures),
  };
}

const PART_ORDER: SnapshotPart[] = [
  'vpc',
  'dnsSupport',
  'dnsHostnames',
  'dhcpOptions',
  'subnets',
  'routeTables',
  'endpoints',
  'securityGroups',
  'networkAcls',
  's3PrefixList',
  'managedPrefixLists',
  'privateZones',
];

/** Failures in a stable order, whatever order the concurrent calls failed in. */
export function sortFailures(failures: PartFailure[]): PartFailure[] {
  return [...failures].sort(
    (a, b) => PART_ORDER.indexOf(a.part) - PART_ORDER.indexOf(b.part),
  );
}

/** The prefix list ids the groups' rules name, in order of first mention. */
export function referencedPrefixListIds(groups: Ec2SecurityGroup[]): string[] {
  const ids = new Set<string>();
  for (const group of groups) {
    for (const permission of [
      ...(group.IpPermissions ?? []),
      ...(group.IpPermissionsEgress ?? []),
    ]) {
      for (const p of permission.PrefixListIds ?? []) {
        if (p.PrefixListId) ids.add(p.PrefixListId);
      }
    }
  }
  return [...ids];
}

/**
 * Resolves the prefix lists that security group rules name (customer-managed ones, which hold
 * the CIDRs of other VPCs or on-premises ranges): GetManagedPrefixListEntries for each one's
 * CIDRs (the entries alone decide; names are not read, to keep the IAM policy to what decides). A list that cannot be
 * read is left out with a `managedPrefixLists` failure naming it, so the security group rules
 * that depend on it report unknown rather than a false block. The S3 list is already known.
 */
async function readReferencedPrefixLists(
  client: EC2Client,
  groups: Ec2SecurityGroup[],
  s3PrefixListId: string | undefined,
  failures: PartFailure[],
): Promise<PrefixList[]> {
  const ids = referencedPrefixListIds(groups).filter(
    id => id !== s3PrefixListId,
  );
  if (ids.length === 0) return [];
  const lists = await Promise.all(
    ids.map(id => readManagedPrefixList(client, id)),
  );
  for (const list of lists) if ('failure' in list) failures.push(list.failure);
  return lists.filter((l): l is PrefixList => !('failure' in l));
}

/**
 * One customer-managed prefix list's CIDRs (GetManagedPrefixListEntries, every page), or the
 * `managedPrefixLists` failure naming it; bad credentials throw.
 */
export async function readManagedPrefixList(
  client: EC2Client,
  id: string,
): Promise<PrefixList | { failure: PartFailure }> {
  try {
    const cidrs: string[] = [];
    for await (const page of paginateGetManagedPrefixListEntries(
      { client },
      { PrefixListId: id },
    )) {
      // EC2 always sends entrySet (empty for an empty list): without it nothing is known.
      if (!page.Entries)
        throw new SnapshotGap(
          `prefix list ${id}: the GetManagedPrefixListEntries answer holds no entrySet`,
        );
      for (const entry of page.Entries) {
        if (entry.Cidr) cidrs.push(entry.Cidr);
      }
    }
    return { id, name: id, cidrs };
  } catch (error) {
    if (isMissingCredentialsError(error) || isRejectedCredentialsError(error))
      throw error;
    return {
      failure: {
        part: 'managedPrefixLists',
        call: 'GetManagedPrefixListEntries',
        reason:
          error instanceof SnapshotGap
            ? error.message
            : `prefix list ${id}: ${describeAwsError(
                error,
                'ec2',
                'GetManagedPrefixListEntries',
              )}`,
      },
    };
  }
}

/** A zone's name from its records: the apex, where its SOA record is. */
function apexName(records: readonly ZoneRecord[]): string | undefined {
  return records.find(r => r.type === 'SOA')?.name;
}

/**
 * The zones the VPC gets through its Route 53 Profile; a failure is reported through
 * `onFailure` and leaves them out (so the zones read stay known), bad credentials excepted.
 */
async function readProfileZonesOrReport(
  read: () => Promise<{ zones: HostedZone[]; endpoints: ProfileEndpoint[] }>,
  onFailure: (call: string, reason: string) => void,
): Promise<{ zones: HostedZone[]; endpoints: ProfileEndpoint[] }> {
  try {
    return await read();
  } catch (error) {
    if (isMissingCredentialsError(error) || isRejectedCredentialsError(error))
      throw error;
    const call =
      (error as { profilesCall?: string }).profilesCall ??
      'ListProfileAssociations';
    onFailure(
      call,
      error instanceof Route53ProfilesMalformedResponse
        ? error.message
        : describeAwsError(error, 'route53profiles', call),
    );
    return { zones: [], endpoints: [] };
  }
}

/**
 * The VPC's private hosted zones, directly associated or brought by its Route 53 Profile,
 * with the records of those that can answer AWS service names. A zone another account owns
 * is not asked for: Route 53 has no resource-based policies, so only the owning account can
 * list a zone's records (IAM User Guide, "AWS services that work with IAM": Route 53,
 * resource-based policies: No); the hub role reads it. A zone both associated directly and
 * through the Profile is listed once, as the direct association.
 */
export async function readZonesWithRecords(
  route53: Route53Client,
  target: VpcTarget,
  profiles:
    | Route53ProfilesClient
    | (() => Promise<{ zones: HostedZone[]; endpoints: ProfileEndpoint[] }>)
    | undefined,
  onProfilesFailure: (call: string, reason: string) => void,
): Promise<{ zones: HostedZone[]; profileEndpoints: ProfileEndpoint[] }> {
  const [direct, viaProfile] = await Promise.all([
    readPrivateZones(route53, target.vpcId, target.region),
    profiles
      ? readProfileZonesOrReport(
          typeof profiles === 'function'
            ? profiles
            : () => readProfileZones(profiles, target.vpcId),
          onProfilesFailure,
        )
      : Promise.resolve({ zones: [], endpoints: [] }),
  ]);
  const directIds = new Set(direct.map(z => z.id));
  const zones = [
    ...direct,
    ...viaProfile.zones.filter(z => !directIds.has(z.id)),
  ];
  const withRecords = await Promise.all(
    zones.map(async zone => {
      // A named zone outside the AWS service names cannot capture them; an unnamed one may.
      if (zone.name !== undefined && !isServiceZone(zone.name, target.region))
        return zone;
      const label = zone.name ? `${zone.name} (${zone.id})` : `zone ${zone.id}`;
      if (
        zone.ownerAccountId &&
        target.accountId &&
        zone.ownerAccountId !== target.accountId
      ) {
        return {
          ...zone,
          recordsFailure: `${label}${
            zone.profileId ? `, from Route 53 Profile ${zone.profileId},` : ''
          } belongs to account ${
            zone.ownerAccountId
          }, and Route 53 lets only the owning account read a zone's records${
            zone.name ? '' : ' (and so learn its name)'
          }`,
        };
      }
      try {
        const records = await readZoneRecords(route53, zone.id);
        return { ...zone, name: zone.name ?? apexName(records), records };
      } catch (error) {
        if (
          isMissingCredentialsError(error) ||
          isRejectedCredentialsError(error)
        )
          throw error;
        return {
          ...zone,
          recordsFailure:
            error instanceof Route53AnswerGap
              ? error.message
              : describeAwsError(error, 'route53', 'ListResourceRecordSets'),
        };
      }
    }),
  );
  return { zones: withRecords, profileEndpoints: viaProfile.endpoints };
}
