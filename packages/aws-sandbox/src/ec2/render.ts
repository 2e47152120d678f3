/**
 * World resources rendered as EC2 XML trees, with the element names and value spellings EC2
 * uses on the wire (checked against the @aws-sdk/client-ec2 schemas).
 */
import { createHash } from 'node:crypto';
import { FULL_ACCESS_POLICY } from '../world/vpcBuilders';
import type {
  SandboxDhcpOptions,
  SandboxNatGateway,
  SandboxNetworkAcl,
  SandboxPrefixList,
  SandboxRoute,
  SandboxRouteTable,
  SandboxSecurityGroup,
  SandboxSecurityGroupRule,
  SandboxSubnet,
  SandboxTags,
  SandboxVpc,
  SandboxVpcEndpoint,
} from '../world/types';
import type { XmlValue } from '../protocol/xml';
import {
  endpointServiceSuffix,
  regionDnsSuffix,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { partitionOf } from '../world/ids';

type XmlObject = { [element: string]: XmlValue };

/** Who owns what is rendered and where. */
export interface RenderScope {
  accountId: string;
  region: string;
}

const CREATED = new Date('2026-01-15T10:00:00.000Z');

function derivedId(prefix: string, seed: string): string {
  return `${prefix}-0${createHash('sha1')
    .update(seed)
    .digest('hex')
    .slice(0, 16)}`;
}

function tagSet(tags?: SandboxTags): XmlValue {
  if (!tags || Object.keys(tags).length === 0) return undefined;
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** A VPC (`vpcSet/item`). */
export function renderVpc(vpc: SandboxVpc, scope: RenderScope): XmlObject {
  return {
    vpcId: vpc.id,
    ownerId: scope.accountId,
    state: 'available',
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociationSet: [
      {
        associationId: derivedId('vpc-cidr-assoc', vpc.id),
        cidrBlock: vpc.cidrBlock,
        cidrBlockState: { state: 'associated' },
      },
    ],
    dhcpOptionsId: vpc.dhcpOptions.id,
    instanceTenancy: 'default',
    isDefault: false,
    tagSet: tagSet(vpc.tags),
  };
}

/** A DHCP options set (`dhcpOptionsSet/item`). */
export function renderDhcpOptions(
  options: SandboxDhcpOptions,
  scope: RenderScope,
): XmlObject {
  const configurations: XmlValue[] = [];
  if (options.domainName) {
    configurations.push({
      key: 'domain-name',
      valueSet: [{ value: options.domainName }],
    });
  }
  configurations.push({
    key: 'domain-name-servers',
    valueSet: options.domainNameServers.map(value => ({ value })),
  });
  return {
    dhcpOptionsId: options.id,
    dhcpConfigurationSet: configurations,
    ownerId: scope.accountId,
  };
}

const DIRECTION_CODES: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  southeast: 'se',
  northwest: 'nw',
  southwest: 'sw',
};

/** `eu-west-1` + `eu-west-1b` → `euw1-az2`, the AZ id spelling AWS uses. */
function availabilityZoneId(region: string, zone: string): string {
  const [area, direction, number] = region.split('-');
  const letter = zone.slice(-1);
  return `${area}${DIRECTION_CODES[direction] ?? direction[0]}${number}-az${
    'abcdef'.indexOf(letter) + 1
  }`;
}

/** A subnet (`subnetSet/item`). */
export function renderSubnet(
  subnet: SandboxSubnet,
  vpc: SandboxVpc,
  scope: RenderScope,
): XmlObject {
  return {
    subnetId: subnet.id,
    subnetArn: `arn:${partitionOf(scope.region)}:ec2:${scope.region}:${
      scope.accountId
    }:subnet/${subnet.id}`,
    state: 'available',
    vpcId: vpc.id,
    ownerId: scope.accountId,
    cidrBlock: subnet.cidrBlock,
    availableIpAddressCount: 251,
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: availabilityZoneId(
      scope.region,
      subnet.availabilityZone,
    ),
    defaultForAz: false,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch ?? false,
    assignIpv6AddressOnCreation: false,
    ipv6Native: false,
    tagSet: tagSet(subnet.tags),
  };
}

function routeTarget(target: string): XmlObject {
  if (target === 'local' || /^(igw|vgw|vpce)-/.test(target))
    return { gatewayId: target };
  if (target.startsWith('nat-')) return { natGatewayId: target };
  if (target.startsWith('tgw-')) return { transitGatewayId: target };
  if (target.startsWith('pcx-')) return { vpcPeeringConnectionId: target };
  if (target.startsWith('eni-')) return { networkInterfaceId: target };
  if (target.startsWith('eigw-'))
    return { egressOnlyInternetGatewayId: target };
  if (target.startsWith('i-')) return { instanceId: target };
  return { gatewayId: target };
}

function renderRoute(route: SandboxRoute, origin: string): XmlObject {
  return {
    destinationCidrBlock: route.destinationCidrBlock,
    destinationIpv6CidrBlock: route.destinationIpv6CidrBlock,
    destinationPrefixListId: route.destinationPrefixListId,
    ...routeTarget(route.target),
    state: route.state ?? 'active',
    origin,
  };
}

/**
 * A route table (`routeTableSet/item`). As in EC2, it shows the VPC's `local` route and a
 * route to each S3/DynamoDB gateway endpoint associated with it, derived from the world.
 */
export function renderRouteTable(
  table: SandboxRouteTable,
  vpc: SandboxVpc,
  prefixLists: SandboxPrefixList[],
  scope: RenderScope,
): XmlObject {
  const routes: XmlValue[] = [];
  if (!table.routes.some(r => r.target === 'local')) {
    routes.push(
      renderRoute(
        { destinationCidrBlock: vpc.cidrBlock, target: 'local' },
        'CreateRouteTable',
      ),
    );
  }
  routes.push(
    ...table.routes.map(r =>
      renderRoute(r, r.target === 'local' ? 'CreateRouteTable' : 'CreateRoute'),
    ),
  );
  for (const endpoint of vpc.endpoints) {
    if (
      endpoint.type !== 'Gateway' ||
      !endpoint.routeTableIds.includes(table.id)
    )
      continue;
    const prefixList = prefixLists.find(p => p.name === endpoint.serviceName);
    if (prefixList) {
      routes.push(
        renderRoute(
          { destinationPrefixListId: prefixList.id, target: endpoint.id },
          'CreateRoute',
        ),
      );
    }
  }
  const associations: XmlValue[] = [];
  if (table.main) {
    associations.push({
      main: true,
      routeTableAssociationId: derivedId('rtbassoc', `${table.id}:main`),
      routeTableId: table.id,
      associationState: { state: 'associated' },
    });
  }
  for (const subnetId of table.subnetIds) {
    associations.push({
      main: false,
      routeTableAssociationId: derivedId('rtbassoc', `${table.id}:${subnetId}`),
      routeTableId: table.id,
      subnetId,
      associationState: { state: 'associated' },
    });
  }
  return {
    routeTableId: table.id,
    vpcId: vpc.id,
    ownerId: scope.accountId,
    associationSet: associations,
    propagatingVgwSet: [],
    routeSet: routes,
    tagSet: tagSet(table.tags),
  };
}

/** Private DNS names that differ from the endpoint service suffix. */
const PRIVATE_DNS_PREFIX: Record<string, string> = {
  'ecr.api': 'api.ecr',
  'ecr.dkr': '*.dkr.ecr',
};

/** A VPC endpoint (`vpcEndpointSet/item`). */
export function renderVpcEndpoint(
  endpoint: SandboxVpcEndpoint,
  vpc: SandboxVpc,
  scope: RenderScope,
): XmlObject {
  const isInterface = endpoint.type === 'Interface';
  const suffix =
    endpointServiceSuffix(scope.region, endpoint.serviceName) ??
    endpoint.serviceName.split('.').slice(3).join('.');
  return {
    vpcEndpointId: endpoint.id,
    vpcEndpointType: endpoint.type,
    vpcId: vpc.id,
    serviceName: endpoint.serviceName,
    state: endpoint.state,
    policyDocument: endpoint.policyDocument ?? FULL_ACCESS_POLICY,
    routeTableIdSet: endpoint.routeTableIds,
    subnetIdSet: endpoint.subnetIds,
    groupSet: endpoint.securityGroupIds.map(groupId => ({
      groupId,
      groupName:
        vpc.securityGroups.find(g => g.id === groupId)?.name ?? groupId,
    })),
    ipAddressType: isInterface ? 'ipv4' : undefined,
    dnsOptions: isInterface ? { dnsRecordIpType: 'ipv4' } : undefined,
    privateDnsEnabled: endpoint.privateDnsEnabled,
    requesterManaged: false,
    networkInterfaceIdSet: endpoint.subnetIds.map(s =>
      derivedId('eni', `${endpoint.id}:${s}`),
    ),
    dnsEntrySet: isInterface
      ? [
          {
            dnsName: `${endpoint.id}-${createHash('sha1')
              .update(endpoint.id)
              .digest('hex')
              .slice(0, 8)}.${suffix}.${scope.region}.vpce.${regionDnsSuffix(
              scope.region,
            )}`,
            hostedZoneId: 'Z7K1066E3PUKB',
          },
          ...(endpoint.privateDnsEnabled
            ? [
                {
                  dnsName: `${PRIVATE_DNS_PREFIX[suffix] ?? suffix}.${
                    scope.region
                  }.${regionDnsSuffix(scope.region)}`,
                },
              ]
            : []),
        ]
      : [],
    creationTimestamp: CREATED,
    ownerId: scope.accountId,
    tagSet: tagSet(endpoint.tags),
  };
}

function renderPermission(
  rule: SandboxSecurityGroupRule,
  scope: RenderScope,
): XmlObject {
  const allPorts = rule.protocol === '-1';
  return {
    ipProtocol: rule.protocol,
    fromPort: allPorts ? undefined : rule.fromPort,
    toPort: allPorts ? undefined : rule.toPort,
    groups: (rule.groupIds ?? []).map(groupId => ({
      userId: scope.accountId,
      groupId,
    })),
    ipRanges: (rule.cidrBlocks ?? []).map(cidrIp => ({ cidrIp })),
    ipv6Ranges: (rule.ipv6CidrBlocks ?? []).map(cidrIpv6 => ({ cidrIpv6 })),
    prefixListIds: (rule.prefixListIds ?? []).map(prefixListId => ({
      prefixListId,
    })),
  };
}

/** A security group (`securityGroupInfo/item`). */
export function renderSecurityGroup(
  group: SandboxSecurityGroup,
  vpc: SandboxVpc,
  scope: RenderScope,
): XmlObject {
  return {
    ownerId: scope.accountId,
    groupId: group.id,
    groupName: group.name,
    groupDescription: group.description ?? group.name,
    vpcId: vpc.id,
    securityGroupArn: `arn:${partitionOf(scope.region)}:ec2:${scope.region}:${
      scope.accountId
    }:security-group/${group.id}`,
    ipPermissions: group.ingress.map(r => renderPermission(r, scope)),
    ipPermissionsEgress: group.egress.map(r => renderPermission(r, scope)),
    tagSet: tagSet(group.tags),
  };
}

/** A network ACL (`networkAclSet/item`), ending with EC2's implicit `*` deny entries. */
export function renderNetworkAcl(
  acl: SandboxNetworkAcl,
  vpc: SandboxVpc,
  scope: RenderScope,
): XmlObject {
  const entries = [...acl.entries];
  for (const egress of [true, false]) {
    if (!entries.some(e => e.egress === egress && e.ruleNumber === 32767)) {
      entries.push({
        ruleNumber: 32767,
        protocol: '-1',
        action: 'deny',
        egress,
        cidrBlock: '0.0.0.0/0',
      });
    }
  }
  return {
    networkAclId: acl.id,
    vpcId: vpc.id,
    default: acl.isDefault,
    entrySet: entries.map(e => ({
      ruleNumber: e.ruleNumber,
      protocol: e.protocol,
      ruleAction: e.action,
      egress: e.egress,
      cidrBlock: e.cidrBlock,
      ipv6CidrBlock: e.ipv6CidrBlock,
      portRange: e.portRange
        ? { from: e.portRange.from, to: e.portRange.to }
        : undefined,
    })),
    associationSet: acl.subnetIds.map(subnetId => ({
      networkAclAssociationId: derivedId('aclassoc', `${acl.id}:${subnetId}`),
      networkAclId: acl.id,
      subnetId,
    })),
    tagSet: tagSet(acl.tags),
    ownerId: scope.accountId,
  };
}

/** An AWS-managed prefix list as DescribePrefixLists shows it. */
export function renderPrefixList(list: SandboxPrefixList): XmlObject {
  return {
    prefixListId: list.id,
    prefixListName: list.name,
    cidrSet: list.cidrs,
  };
}

/**
 * A prefix list as DescribeManagedPrefixLists shows it (EC2 API Reference, ManagedPrefixList:
 * AWS-managed lists have ownerId `AWS` and `aws` in the ARN's account field; customer-managed
 * lists carry their account and `maxEntries`).
 */
export function renderManagedPrefixList(
  list: SandboxPrefixList,
  scope: RenderScope,
): XmlObject {
  const owner = list.ownerId ?? 'AWS';
  return {
    prefixListId: list.id,
    addressFamily: 'IPv4',
    state: 'create-complete',
    prefixListArn: `arn:${partitionOf(scope.region)}:ec2:${scope.region}:${
      list.ownerId ?? 'aws'
    }:prefix-list/${list.id}`,
    prefixListName: list.name,
    maxEntries: list.ownerId ? list.maxEntries ?? 20 : undefined,
    version: 1,
    ownerId: owner,
  };
}

/** A NAT gateway (`natGatewaySet/item`). */
export function renderNatGateway(
  nat: SandboxNatGateway,
  vpc: SandboxVpc,
): XmlObject {
  return {
    createTime: CREATED,
    natGatewayAddressSet: [
      {
        allocationId:
          nat.connectivityType === 'private'
            ? undefined
            : derivedId('eipalloc', nat.id),
        networkInterfaceId: derivedId('eni', nat.id),
        privateIp: nat.privateIp,
        publicIp: nat.connectivityType === 'private' ? undefined : nat.publicIp,
        isPrimary: true,
        status: 'succeeded',
      },
    ],
    natGatewayId: nat.id,
    state: nat.state,
    subnetId: nat.subnetId,
    vpcId: vpc.id,
    connectivityType: nat.connectivityType ?? 'public',
    tagSet: tagSet(nat.tags),
  };
}
