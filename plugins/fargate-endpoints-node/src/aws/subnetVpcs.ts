import { EC2Client, paginateDescribeSubnets } from '@aws-sdk/client-ec2';
import { EC2_FILTER_VALUES_MAX } from '../defaults';
import {
  ConcurrencyLimiter,
  defaultLimiter,
  limitedEc2Client,
  limiterKey,
} from './limiter';

/**
 * Options of {@link resolveSubnetVpcs}.
 *
 * @public
 */
export interface ResolveSubnetVpcsOptions {
  limiter?: ConcurrencyLimiter;
  /** For the limiter key. */
  accountId?: string;
}

/**
 * The VPC of each subnet, from DescribeSubnets filtered by `subnet-id` (batched). A filter,
 * not `SubnetIds`, so that one deleted subnet does not fail the whole call with
 * InvalidSubnetID.NotFound: subnets that do not exist are simply absent from the map.
 * Throws the SDK error when the call fails: without the VPC nothing else can be read.
 *
 * @public
 */
export async function resolveSubnetVpcs(
  ec2: EC2Client,
  subnetIds: string[],
  options: ResolveSubnetVpcsOptions = {},
): Promise<Map<string, string>> {
  const region = await ec2.config.region();
  const client = limitedEc2Client(
    ec2,
    options.limiter ?? defaultLimiter,
    limiterKey(region, options.accountId),
  );
  const unique = [...new Set(subnetIds)];
  const vpcBySubnet = new Map<string, string>();
  for (let i = 0; i < unique.length; i += EC2_FILTER_VALUES_MAX) {
    const batch = unique.slice(i, i + EC2_FILTER_VALUES_MAX);
    const pages = paginateDescribeSubnets(
      { client },
      { Filters: [{ Name: 'subnet-id', Values: batch }] },
    );
    for await (const page of pages) {
      for (const subnet of page.Subnets ?? []) {
        if (subnet.SubnetId && subnet.VpcId)
          vpcBySubnet.set(subnet.SubnetId, subnet.VpcId);
      }
    }
  }
  return vpcBySubnet;
}
