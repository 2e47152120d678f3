/**
 * The EC2 actions the sandbox answers, each reading the world for the caller's account and
 * region. Filter names, NotFound codes and pagination follow EC2.
 */
import { AwsApiError } from '../protocol/errors';
import type { QueryParams } from '../protocol/query';
import type { XmlValue } from '../protocol/xml';
import { awsManagedPrefixLists } from '../world/prefixLists';
import type { SandboxRegion, SandboxVpc, SandboxWorld } from '../world/types';
import { applyFilters, FilterFields, paginate, selectByIds } from './describe';
import {
  renderDhcpOptions,
  renderManagedPrefixList,
  renderNatGateway,
  renderNetworkAcl,
  renderPrefixList,
  renderRouteTable,
  renderSecurityGroup,
  renderSubnet,
  renderVpc,
  renderVpcEndpoint,
  RenderScope,
} from './render';

/** What an EC2 action gets to work with. */
export interface Ec2CallContext {
  world: SandboxWorld;
  accountId: string;
  region: string;
  params: QueryParams;
  /** The sandbox's page size cap, if any. */
  pageSize?: number;
}

/** An EC2 action: returns the response body elements (after `requestId`). */
export type Ec2Action = (ctx: Ec2CallContext) => {
  [element: string]: XmlValue;
};

/** The world's data for the caller; a region nobody populated is empty but still has AWS's prefix lists. */
export function regionData(ctx: {
  world: SandboxWorld;
  accountId: string;
  region: string;
}): SandboxRegion {
  return (
    ctx.world.accounts[ctx.accountId]?.regions[ctx.region] ?? {
      vpcs: [],
      prefixLists: awsManagedPrefixLists(ctx.region),
      clusters: [],
      taskDefinitions: [],
    }
  );
}

/** A resource with the VPC it lives in. */
interface InVpc<T> {
  resource: T;
  vpc: SandboxVpc;
}

function inVpcs<T>(
  region: SandboxRegion,
  pick: (vpc: SandboxVpc) => T[],
): Array<InVpc<T>> {
  return region.vpcs.flatMap(vpc =>
    pick(vpc).map(resource => ({ resource, vpc })),
  );
}

function notFound(code: string, what: string) {
  return (id: string) =>
    new AwsApiError(code, `The ${what} '${id}' does not exist`);
}

function describe<T>(
  ctx: Ec2CallContext,
  action: string,
  options: {
    items: T[];
    ids?: {
      param: string;
      idOf: (item: T) => string;
      notFound: (id: string) => AwsApiError;
    };
    fields: FilterFields<T>;
    filterParam?: string;
  },
): { page: T[]; nextToken?: string } {
  let items = options.items;
  if (options.ids) {
    items = selectByIds(
      items,
      ctx.params.list(options.ids.param),
      options.ids.idOf,
      options.ids.notFound,
    );
  }
  items = applyFilters(
    items,
    ctx.params.filters(options.filterParam ?? 'Filter'),
    options.fields,
  );
  return paginate(items, ctx.params, action, ctx.pageSize);
}

function scope(ctx: Ec2CallContext): RenderScope {
  return { accountId: ctx.accountId, region: ctx.region };
}

const describeVpcs: Ec2Action = ctx => {
  const { page, nextToken } = describe(ctx, 'DescribeVpcs', {
    items: regionData(ctx).vpcs,
    ids: {
      param: 'VpcId',
      idOf: v => v.id,
      notFound: notFound('InvalidVpcID.NotFound', 'vpc ID'),
    },
    fields: {
      'vpc-id': v => [v.id],
      cidr: v => [v.cidrBlock],
      'cidr-block-association.cidr-block': v => [v.cidrBlock],
      'dhcp-options-id': v => [v.dhcpOptions.id],
      'is-default': () => ['false'],
      'owner-id': () => [ctx.accountId],
      state: () => ['available'],
    },
  });
  return { vpcSet: page.map(v => renderVpc(v, scope(ctx))), nextToken };
};

const describeVpcAttribute: Ec2Action = ctx => {
  const vpcId = ctx.params.get('VpcId');
  const attribute = ctx.params.get('Attribute');
  if (!vpcId)
    throw new AwsApiError(
      'MissingParameter',
      'The request must contain the parameter vpcId',
    );
  if (!attribute)
    throw new AwsApiError(
      'MissingParameter',
      'The request must contain the parameter attribute',
    );
  const vpc = regionData(ctx).vpcs.find(v => v.id === vpcId);
  if (!vpc) throw notFound('InvalidVpcID.NotFound', 'vpc ID')(vpcId);
  if (attribute === 'enableDnsSupport')
    return { vpcId, enableDnsSupport: { value: vpc.enableDnsSupport } };
  if (attribute === 'enableDnsHostnames')
    return { vpcId, enableDnsHostnames: { value: vpc.enableDnsHostnames } };
  if (attribute === 'enableNetworkAddressUsageMetrics') {
    return { vpcId, enableNetworkAddressUsageMetrics: { value: false } };
  }
  throw new AwsApiError(
    'InvalidParameterValue',
    `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
  );
};

const describeDhcpOptions: Ec2Action = ctx => {
  const all = new Map(
    regionData(ctx).vpcs.map(v => [v.dhcpOptions.id, v.dhcpOptions]),
  );
  const { page, nextToken } = describe(ctx, 'DescribeDhcpOptions', {
    items: [...all.values()],
    ids: {
      param: 'DhcpOptionsId',
      idOf: d => d.id,
      notFound: notFound('InvalidDhcpOptionID.NotFound', 'dhcp options ID'),
    },
    fields: {
      'dhcp-options-id': d => [d.id],
      key: d => [
        'domain-name-servers',
        d.domainName ? 'domain-name' : undefined,
      ],
      value: d => [...d.domainNameServers, d.domainName],
      'owner-id': () => [ctx.accountId],
    },
  });
  return {
    dhcpOptionsSet: page.map(d => renderDhcpOptions(d, scope(ctx))),
    nextToken,
  };
};

const describeSubnets: Ec2Action = ctx => {
  const { page, nextToken } = describe(ctx, 'DescribeSubnets', {
    items: inVpcs(regionData(ctx), v => v.subnets),
    ids: {
      param: 'SubnetId',
      idOf: s => s.resource.id,
      notFound: notFound('InvalidSubnetID.NotFound', 'subnet ID'),
    },
    fields: {
      'vpc-id': s => [s.vpc.id],
      'subnet-id': s => [s.resource.id],
      'availability-zone': s => [s.resource.availabilityZone],
      'cidr-block': s => [s.resource.cidrBlock],
      cidrBlock: s => [s.resource.cidrBlock],
      cidr: s => [s.resource.cidrBlock],
      state: () => ['available'],
      'default-for-az': () => ['false'],
      'map-public-ip-on-launch': s => [
        String(s.resource.mapPublicIpOnLaunch ?? false),
      ],
      'owner-id': () => [ctx.accountId],
    },
  });
  return {
    subnetSet: page.map(s => renderSubnet(s.resource, s.vpc, scope(ctx))),
    nextToken,
  };
};

const describeRouteTables: Ec2Action = ctx => {
  const region = regionData(ctx);
  const { page, nextToken } = describe(ctx, 'DescribeRouteTables', {
    items: inVpcs(region, v => v.routeTables),
    ids: {
      param: 'RouteTableId',
      idOf: t => t.resource.id,
      notFound: notFound('InvalidRouteTableID.NotFound', 'routeTable ID'),
    },
    fields: {
      'vpc-id': t => [t.vpc.id],
      'route-table-id': t => [t.resource.id],
      'association.subnet-id': t => t.resource.subnetIds,
      'association.route-table-id': t => [t.resource.id],
      'association.main': t => [String(t.resource.main)],
      'route.nat-gateway-id': t =>
        t.resource.routes.map(r =>
          r.target.startsWith('nat-') ? r.target : undefined,
        ),
      'route.gateway-id': t => t.resource.routes.map(r => r.target),
      'route.destination-cidr-block': t =>
        t.resource.routes.map(r => r.destinationCidrBlock),
      'owner-id': () => [ctx.accountId],
    },
  });
  return {
    routeTableSet: page.map(t =>
      renderRouteTable(t.resource, t.vpc, region.prefixLists, scope(ctx)),
    ),
    nextToken,
  };
};

const describeVpcEndpoints: Ec2Action = ctx => {
  const { page, nextToken } = describe(ctx, 'DescribeVpcEndpoints', {
    items: inVpcs(regionData(ctx), v => v.endpoints),
    ids: {
      param: 'VpcEndpointId',
      idOf: e => e.resource.id,
      notFound: id =>
        new AwsApiError(
          'InvalidVpcEndpointId.NotFound',
          `The Vpc Endpoint Id '${id}' does not exist`,
        ),
    },
    fields: {
      'vpc-id': e => [e.vpc.id],
      'vpc-endpoint-id': e => [e.resource.id],
      'service-name': e => [e.resource.serviceName],
      'vpc-endpoint-state': e => [e.resource.state],
      'vpc-endpoint-type': e => [e.resource.type],
      'ip-address-type': e => [
        e.resource.type === 'Interface' ? 'ipv4' : undefined,
      ],
    },
  });
  return {
    vpcEndpointSet: page.map(e =>
      renderVpcEndpoint(e.resource, e.vpc, scope(ctx)),
    ),
    nextToken,
  };
};

const describeSecurityGroups: Ec2Action = ctx => {
  const region = regionData(ctx);
  const items = inVpcs(region, v => v.securityGroups);
  const names = ctx.params.list('GroupName');
  const byName = names.length
    ? items.filter(g => names.includes(g.resource.name))
    : items;
  const { page, nextToken } = describe(ctx, 'DescribeSecurityGroups', {
    items: byName,
    ids: {
      param: 'GroupId',
      idOf: g => g.resource.id,
      notFound: id =>
        new AwsApiError(
          'InvalidGroup.NotFound',
          `The security group '${id}' does not exist`,
        ),
    },
    fields: {
      'vpc-id': g => [g.vpc.id],
      'group-id': g => [g.resource.id],
      'group-name': g => [g.resource.name],
      description: g => [g.resource.description ?? g.resource.name],
      'owner-id': () => [ctx.accountId],
      'ip-permission.group-id': g =>
        g.resource.ingress.flatMap(r => r.groupIds ?? []),
      'ip-permission.cidr': g =>
        g.resource.ingress.flatMap(r => r.cidrBlocks ?? []),
      'egress.ip-permission.group-id': g =>
        g.resource.egress.flatMap(r => r.groupIds ?? []),
      'egress.ip-permission.prefix-list-id': g =>
        g.resource.egress.flatMap(r => r.prefixListIds ?? []),
    },
  });
  return {
    securityGroupInfo: page.map(g =>
      renderSecurityGroup(g.resource, g.vpc, scope(ctx)),
    ),
    nextToken,
  };
};

const describeNetworkAcls: Ec2Action = ctx => {
  const { page, nextToken } = describe(ctx, 'DescribeNetworkAcls', {
    items: inVpcs(regionData(ctx), v => v.networkAcls),
    ids: {
      param: 'NetworkAclId',
      idOf: a => a.resource.id,
      notFound: notFound('InvalidNetworkAclID.NotFound', 'network ACL ID'),
    },
    fields: {
      'vpc-id': a => [a.vpc.id],
      'network-acl-id': a => [a.resource.id],
      'association.subnet-id': a => a.resource.subnetIds,
      'association.network-acl-id': a => [a.resource.id],
      default: a => [String(a.resource.isDefault)],
      'owner-id': () => [ctx.accountId],
    },
  });
  return {
    networkAclSet: page.map(a =>
      renderNetworkAcl(a.resource, a.vpc, scope(ctx)),
    ),
    nextToken,
  };
};

const prefixListFields: FilterFields<{ id: string; name: string }> = {
  'prefix-list-id': p => [p.id],
  'prefix-list-name': p => [p.name],
};

const describePrefixLists: Ec2Action = ctx => {
  // DescribePrefixLists describes only AWS services' prefix lists (EC2 API Reference:
  // "Describes available Amazon Web Services services in a prefix list format");
  // customer-managed lists need DescribeManagedPrefixLists.
  const { page, nextToken } = describe(ctx, 'DescribePrefixLists', {
    items: regionData(ctx).prefixLists.filter(p => !p.ownerId),
    ids: {
      param: 'PrefixListId',
      idOf: p => p.id,
      notFound: id =>
        new AwsApiError(
          'InvalidPrefixListID.NotFound',
          `The prefix list '${id}' does not exist`,
        ),
    },
    fields: prefixListFields,
  });
  return { prefixListSet: page.map(renderPrefixList), nextToken };
};

const describeManagedPrefixLists: Ec2Action = ctx => {
  const { page, nextToken } = describe(ctx, 'DescribeManagedPrefixLists', {
    items: regionData(ctx).prefixLists,
    ids: {
      param: 'PrefixListId',
      idOf: p => p.id,
      notFound: id =>
        new AwsApiError(
          'InvalidPrefixListID.NotFound',
          `The prefix list '${id}' does not exist`,
        ),
    },
    fields: { ...prefixListFields, 'owner-id': p => [p.ownerId ?? 'AWS'] },
  });
  return {
    prefixListSet: page.map(p => renderManagedPrefixList(p, scope(ctx))),
    nextToken,
  };
};

const getManagedPrefixListEntries: Ec2Action = ctx => {
  const id = ctx.params.get('PrefixListId');
  if (!id)
    throw new AwsApiError(
      'MissingParameter',
      'The request must contain the parameter PrefixListId',
    );
  const list = regionData(ctx).prefixLists.find(p => p.id === id);
  if (!list)
    throw new AwsApiError(
      'InvalidPrefixListID.NotFound',
      `The prefix list '${id}' does not exist`,
    );
  const { page, nextToken } = paginate(
    list.cidrs,
    ctx.params,
    'GetManagedPrefixListEntries',
    ctx.pageSize,
  );
  // GetManagedPrefixListEntries: entrySet/item with cidr (and description, when set).
  return { entrySet: page.map(cidr => ({ cidr })), nextToken };
};

const describeNatGateways: Ec2Action = ctx => {
  const { page, nextToken } = describe(ctx, 'DescribeNatGateways', {
    items: inVpcs(regionData(ctx), v => v.natGateways),
    ids: {
      param: 'NatGatewayId',
      idOf: n => n.resource.id,
      notFound: id =>
        new AwsApiError(
          'NatGatewayNotFound',
          `The Nat Gateway ${id} was not found`,
        ),
    },
    fields: {
      'vpc-id': n => [n.vpc.id],
      'subnet-id': n => [n.resource.subnetId],
      'nat-gateway-id': n => [n.resource.id],
      state: n => [n.resource.state],
    },
  });
  return {
    natGatewaySet: page.map(n => renderNatGateway(n.resource, n.vpc)),
    nextToken,
  };
};

/** Every EC2 action the sandbox answers, by its Query `Action` name. */
export const EC2_ACTIONS: Record<string, Ec2Action> = {
  DescribeVpcs: describeVpcs,
  DescribeVpcAttribute: describeVpcAttribute,
  DescribeDhcpOptions: describeDhcpOptions,
  DescribeSubnets: describeSubnets,
  DescribeRouteTables: describeRouteTables,
  DescribeVpcEndpoints: describeVpcEndpoints,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeNetworkAcls: describeNetworkAcls,
  DescribePrefixLists: describePrefixLists,
  DescribeManagedPrefixLists: describeManagedPrefixLists,
  GetManagedPrefixListEntries: getManagedPrefixListEntries,
  DescribeNatGateways: describeNatGateways,
};
