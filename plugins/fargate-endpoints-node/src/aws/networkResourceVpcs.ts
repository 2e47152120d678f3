/**
 * The VPC of route tables, security groups, network ACLs, subnets and VPC endpoints named by
 * id (a plan's `aws_route` names only its `route_table_id`). Each kind is read with its
 * Describe* call filtered by id, batched, so that an id that does not exist is simply absent
 * instead of failing the call (as `RouteTableIds` would with InvalidRouteTableID.NotFound).
 */
import {
  EC2Client,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import { EC2_FILTER_VALUES_MAX } from '../defaults';
import {
  ConcurrencyLimiter,
  defaultLimiter,
  limitedEc2Client,
  limiterKey,
} from './limiter';
import { resolveSubnetVpcs } from './subnetVpcs';

/** Options of {@link resolveNetworkResourceVpcs}. */
export interface ResolveNetworkResourceVpcsOptions {
  limiter?: ConcurrencyLimiter;
  accountId?: string;
}

type Reader = (
  client: EC2Client,
  ids: string[],
) => AsyncIterable<Array<{ id?: string; vpcId?: string }>>;

async function* routeTables(client: EC2Client, ids: string[]) {
  for await (const page of paginateDescribeRouteTables(
    { client },
    { Filters: [{ Name: 'route-table-id', Values: ids }] },
  ))
    yield (page.RouteTables ?? []).map(t => ({
      id: t.RouteTableId,
      vpcId: t.VpcId,
    }));
}

async function* securityGroups(client: EC2Client, ids: string[]) {
  for await (const page of paginateDescribeSecurityGroups(
    { client },
    { Filters: [{ Name: 'group-id', Values: ids }] },
  ))
    yield (page.SecurityGroups ?? []).map(g => ({
      id: g.GroupId,
      vpcId: g.VpcId,
    }));
}

async function* networkAcls(client: EC2Client, ids: string[]) {
  for await (const page of paginateDescribeNetworkAcls(
    { client },
    { Filters: [{ Name: 'network-acl-id', Values: ids }] },
  ))
    yield (page.NetworkAcls ?? []).map(a => ({
      id: a.NetworkAclId,
      vpcId: a.VpcId,
    }));
}

async function* vpcEndpoints(client: EC2Client, ids: string[]) {
  for await (const page of paginateDescribeVpcEndpoints(
    { client },
    { Filters: [{ Name: 'vpc-endpoint-id', Values: ids }] },
  ))
    yield (page.VpcEndpoints ?? []).map(e => ({
      id: e.VpcEndpointId,
      vpcId: e.VpcId,
    }));
}

const READERS: Array<[RegExp, Reader]> = [
  [/^rtb-/, routeTables],
  [/^sg-/, securityGroups],
  [/^acl-/, networkAcls],
  [/^vpce-/, vpcEndpoints],
];

/**
 * The VPC of each id that exists (subnet-, rtb-, sg-, acl-, vpce-); others are ignored.
 * Throws the SDK error when a call fails.
 */
export async function resolveNetworkResourceVpcs(
  ec2: EC2Client,
  ids: string[],
  options: ResolveNetworkResourceVpcsOptions = {},
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const result = await resolveSubnetVpcs(
    ec2,
    unique.filter(id => id.startsWith('subnet-')),
    options,
  );
  const region = await ec2.config.region();
  const client = limitedEc2Client(
    ec2,
    options.limiter ?? defaultLimiter,
    limiterKey(region, options.accountId),
  );
  for (const [prefix, read] of READERS) {
    const wanted = unique.filter(id => prefix.test(id));
    for (let i = 0; i < wanted.length; i += EC2_FILTER_VALUES_MAX) {
      for await (const page of read(
        client,
        wanted.slice(i, i + EC2_FILTER_VALUES_MAX),
      ))
        for (const { id, vpcId } of page)
          if (id && vpcId) result.set(id, vpcId);
    }
  }
  return result;
}
