/**
 * From EC2 API shapes to the network model. The rules read only the model, so every quirk
 * of the wire (optional fields, route targets spread over many fields, mixed-case enums)
 * is settled here, once.
 */
import type {
  DhcpOptions,
  IpPermission,
  NetworkAcl as Ec2NetworkAcl,
  PrefixList as Ec2PrefixList,
  Route as Ec2Route,
  RouteTable as Ec2RouteTable,
  SecurityGroup as Ec2SecurityGroup,
  Subnet as Ec2Subnet,
  Vpc,
  VpcEndpoint as Ec2VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type {
  NetworkAcl,
  NetworkAclEntry,
  PrefixList,
  Route,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  VpcEndpoint,
} from '../model';

function defined<T>(values: Array<T | undefined | null> | undefined): T[] {
  return (values ?? []).filter((v): v is T => v !== undefined && v !== null);
}

/** The CIDR blocks associated with the VPC (primary and secondary). */
export function vpcCidrBlocks(vpc: Vpc): string[] {
  const associated = defined(
    (vpc.CidrBlockAssociationSet ?? [])
      .filter(
        a =>
          !a.CidrBlockState?.State || a.CidrBlockState.State === 'associated',
      )
      .map(a => a.CidrBlock),
  );
  if (associated.length > 0) return associated;
  return defined([vpc.CidrBlock]);
}

/** The `domain-name-servers` of a DHCP options set; empty when the set has none. */
export function dhcpDomainNameServers(
  options: DhcpOptions | undefined,
): string[] {
  const config = options?.DhcpConfigurations?.find(
    c => c.Key === 'domain-name-servers',
  );
  return defined((config?.Values ?? []).map(v => v.Value));
}

/** A subnet. */
export function toSubnet(subnet: Ec2Subnet): Subnet {
  return {
    id: subnet.SubnetId ?? '',
    cidrBlock: subnet.CidrBlock ?? '',
    availabilityZone: subnet.AvailabilityZone ?? '',
  };
}

function routeTarget(route: Ec2Route): string | undefined {
  return (
    route.GatewayId ??
    route.NatGatewayId ??
    route.TransitGatewayId ??
    route.VpcPeeringConnectionId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.EgressOnlyInternetGatewayId ??
    route.LocalGatewayId ??
    route.CarrierGatewayId ??
    route.CoreNetworkArn ??
    undefined
  );
}

/** One route; anything but `blackhole` counts as active. */
export function toRoute(route: Ec2Route): Route {
  return {
    destinationCidrBlock: route.DestinationCidrBlock,
    destinationIpv6CidrBlock: route.DestinationIpv6CidrBlock,
    destinationPrefixListId: route.DestinationPrefixListId,
    target: routeTarget(route),
    state: route.State?.toLowerCase() === 'blackhole' ? 'blackhole' : 'active',
  };
}

/** A route table with its explicit subnet associations and whether it is the main table. */
export function toRouteTable(table: Ec2RouteTable): RouteTable {
  const associations = table.Associations ?? [];
  const live = associations.filter(
    a =>
      !a.AssociationState?.State ||
      ['associated', 'associating'].includes(a.AssociationState.State),
  );
  return {
    id: table.RouteTableId ?? '',
    main: live.some(a => a.Main === true),
    subnetIds: defined(live.map(a => a.SubnetId)),
    routes: (table.Routes ?? []).map(toRoute),
  };
}

/** A VPC endpoint. The state is kept as the wire says it; rules compare it case-insensitively. */
export function toVpcEndpoint(endpoint: Ec2VpcEndpoint): VpcEndpoint {
  return {
    id: endpoint.VpcEndpointId ?? '',
    serviceName: endpoint.ServiceName ?? '',
    type: endpoint.VpcEndpointType ?? '',
    state: endpoint.State ?? 'unknown',
    privateDnsEnabled: endpoint.PrivateDnsEnabled === true,
    subnetIds: defined(endpoint.SubnetIds),
    securityGroupIds: defined((endpoint.Groups ?? []).map(g => g.GroupId)),
    routeTableIds: defined(endpoint.RouteTableIds),
    policyDocument: endpoint.PolicyDocument || undefined,
  };
}

function toSecurityGroupRule(permission: IpPermission): SecurityGroupRule {
  return {
    protocol: permission.IpProtocol ?? '-1',
    fromPort: permission.FromPort,
    toPort: permission.ToPort,
    cidrBlocks: defined((permission.IpRanges ?? []).map(r => r.CidrIp)),
    ipv6CidrBlocks: defined((permission.Ipv6Ranges ?? []).map(r => r.CidrIpv6)),
    prefixListIds: defined(
      (permission.PrefixListIds ?? []).map(p => p.PrefixListId),
    ),
    groupIds: defined((permission.UserIdGroupPairs ?? []).map(p => p.GroupId)),
  };
}

/** A security group with its ingress and egress rules. */
export function toSecurityGroup(group: Ec2SecurityGroup): SecurityGroup {
  return {
    id: group.GroupId ?? '',
    name: group.GroupName,
    ingress: (group.IpPermissions ?? []).map(toSecurityGroupRule),
    egress: (group.IpPermissionsEgress ?? []).map(toSecurityGroupRule),
  };
}

/** A network ACL with its entries and subnet associations. */
export function toNetworkAcl(acl: Ec2NetworkAcl): NetworkAcl {
  const entries: NetworkAclEntry[] = (acl.Entries ?? []).map(entry => ({
    ruleNumber: entry.RuleNumber ?? 32767,
    protocol: entry.Protocol ?? '-1',
    action: entry.RuleAction === 'allow' ? 'allow' : 'deny',
    egress: entry.Egress === true,
    cidrBlock: entry.CidrBlock,
    ipv6CidrBlock: entry.Ipv6CidrBlock,
    portRange:
      entry.PortRange?.From !== undefined && entry.PortRange?.To !== undefined
        ? { from: entry.PortRange.From, to: entry.PortRange.To }
        : undefined,
  }));
  return {
    id: acl.NetworkAclId ?? '',
    isDefault: acl.IsDefault === true,
    subnetIds: defined((acl.Associations ?? []).map(a => a.SubnetId)),
    entries,
  };
}

/** An AWS-managed prefix list (from DescribePrefixLists). */
export function toPrefixList(list: Ec2PrefixList): PrefixList {
  return {
    id: list.PrefixListId ?? '',
    name: list.PrefixListName ?? '',
    cidrs: defined(list.Cidrs),
  };
}
