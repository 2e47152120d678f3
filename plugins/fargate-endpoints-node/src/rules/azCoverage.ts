/**
 * `endpoint-az-gap`: an interface endpoint answers in the AZs of its subnets. Tasks in another
 * AZ still reach it across AZs, paying cross-AZ traffic and failing when that AZ fails.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { RuleContext, endpointsInUse, finding } from './context';
import { hclList, tfName } from './terraform';

/** `endpoint-az-gap`: an interface endpoint in use has no subnet in an AZ the tasks use. */
export function endpointAzGap(ctx: RuleContext): Finding[] {
  const taskAzs = [...new Set(ctx.taskSubnets.map(s => s.availabilityZone))];
  return endpointsInUse(ctx)
    .filter(u => u.requirement.type === 'Interface')
    .flatMap(({ requirement, endpoint }) => {
      const endpointSubnets = ctx.snapshot.subnets.filter(s =>
        endpoint.subnetIds.includes(s.id),
      );
      const endpointAzs = new Set(endpointSubnets.map(s => s.availabilityZone));
      const missing = taskAzs.filter(az => !endpointAzs.has(az));
      if (missing.length === 0) return [];
      const suggested = missing.map(
        az => ctx.taskSubnets.find(s => s.availabilityZone === az)!.id,
      );
      return [
        finding('endpoint-az-gap', {
          service: requirement.service,
          resourceId: endpoint.id,
          message: `The ${requirement.service} endpoint ${
            endpoint.id
          } has no subnet in ${missing.join(
            ', ',
          )}, where tasks run. Those tasks reach it in another AZ, which works but pays cross-AZ traffic and fails if that AZ goes down.`,
          fix: `Add a subnet in ${missing.join(
            ', ',
          )} to the endpoint (VPC console → Endpoints → ${
            endpoint.id
          } → Actions → Manage subnets), for example ${suggested.join(
            ', ',
          )}, or \`aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${
            endpoint.id
          } --add-subnet-ids ${suggested.join(' ')}\`.`,
          terraform: [
            `resource "aws_vpc_endpoint" "${tfName(requirement.service)}" {`,
            `  # ${endpoint.id}: one subnet per AZ the tasks use`,
            `  subnet_ids = ${hclList([...endpoint.subnetIds, ...suggested])}`,
            `}`,
          ].join('\n'),
        }),
      ];
    });
}
