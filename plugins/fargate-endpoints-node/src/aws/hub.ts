/**
 * The hub account's side of shared endpoints, read with the hub role config names: the
 * records of the zones the hub owns (only the owner can list them), and the endpoints those
 * records point at, with their subnets (for the addresses) and security groups.
 */
import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
} from '@aws-sdk/client-ec2';
import type { HubEndpoint, HubView, ZoneRecord } from '../model';
import type { AwsClients } from './clients';
import { describeAwsError } from './awsErrors';
import { toSecurityGroup, toSubnet, toVpcEndpoint } from './normalize';
import { readZoneRecords, Route53AnswerGap } from './route53';
import { recordEndpointIds } from '../network/dnsNames';

/** Reads what the hub can tell about the zones (by id) and the endpoints their records name. */
export async function readHubView(
  clients: Pick<AwsClients, 'ec2' | 'route53'>,
  accountId: string,
  zoneIds: readonly string[],
  /** Endpoints already named by records this account could read. */
  knownEndpointIds: readonly string[] = [],
): Promise<HubView> {
  const failures: HubView['failures'] = [];
  const zoneRecords: Record<string, ZoneRecord[]> = {};
  if (clients.route53) {
    await Promise.all(
      zoneIds.map(async id => {
        try {
          zoneRecords[id] = await readZoneRecords(clients.route53!, id);
        } catch (error) {
          failures.push({
            call: 'ListResourceRecordSets',
            reason: `${id}: ${
              error instanceof Route53AnswerGap
                ? error.message
                : describeAwsError(error, 'route53', 'ListResourceRecordSets')
            }`,
          });
        }
      }),
    );
  }
  const endpointIds = [
    ...new Set([
      ...knownEndpointIds,
      ...Object.values(zoneRecords).flat().flatMap(recordEndpointIds),
    ]),
  ];
  const endpoints: HubEndpoint[] = [];
  if (endpointIds.length > 0) {
    try {
      const out = await clients.ec2.send(
        new DescribeVpcEndpointsCommand({ VpcEndpointIds: endpointIds }),
      );
      const raw = out.VpcEndpoints ?? [];
      const subnetIds = [...new Set(raw.flatMap(e => e.SubnetIds ?? []))];
      const groupIds = [
        ...new Set(
          raw.flatMap(e => (e.Groups ?? []).flatMap(g => g.GroupId ?? [])),
        ),
      ];
      const [subnets, groups] = await Promise.all([
        subnetIds.length
          ? clients.ec2
              .send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }))
              .then(o => (o.Subnets ?? []).map(toSubnet))
              .catch(error => {
                failures.push({
                  call: 'DescribeSubnets',
                  reason: describeAwsError(error, 'ec2', 'DescribeSubnets'),
                });
                return [];
              })
          : [],
        groupIds.length
          ? clients.ec2
              .send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }))
              .then(o => (o.SecurityGroups ?? []).map(toSecurityGroup))
              .catch(error => {
                failures.push({
                  call: 'DescribeSecurityGroups',
                  reason: describeAwsError(
                    error,
                    'ec2',
                    'DescribeSecurityGroups',
                  ),
                });
                return [];
              })
          : [],
      ]);
      for (const e of raw) {
        const endpoint = toVpcEndpoint(e);
        endpoints.push({
          ...endpoint,
          vpcId: e.VpcId,
          subnets: subnets.filter(s => endpoint.subnetIds.includes(s.id)),
          securityGroups: groups.filter(g =>
            endpoint.securityGroupIds.includes(g.id),
          ),
        });
      }
    } catch (error) {
      failures.push({
        call: 'DescribeVpcEndpoints',
        reason: describeAwsError(error, 'ec2', 'DescribeVpcEndpoints'),
      });
    }
  }
  return { accountId, zoneRecords, endpoints, failures };
}
