/**
 * `s3-route-table-missing`: a gateway endpoint works through route tables, not DNS. A task
 * subnet whose route table is not associated with the S3 gateway has no route to S3 at all
 * when it is isolated.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { RuleContext, endpointsFor, finding } from './context';
import { symptomFor } from './symptoms';

/** `s3-route-table-missing`: an isolated task subnet's route table lacks the S3 gateway. */
export function s3RouteTableMissing(ctx: RuleContext): Finding[] {
  const s3 = ctx.endpointUses.find(
    u => u.requirement.service === 's3' && u.requirement.type === 'Gateway',
  );
  if (!s3 || !ctx.isolated) return [];
  const gateways = endpointsFor(ctx.snapshot, s3.requirement);
  if (gateways.length === 0) return []; // missing-endpoint reports it
  const gateway = s3.endpoint ?? gateways[0];
  const isolatedTables = new Map<string, string[]>();
  for (const path of ctx.subnetPaths) {
    if (path.path !== 'isolated' || !path.routeTableId) continue;
    isolatedTables.set(path.routeTableId, [
      ...(isolatedTables.get(path.routeTableId) ?? []),
      path.subnetId,
    ]);
  }
  return [...isolatedTables.entries()]
    .filter(
      ([tableId]) => !gateways.some(g => g.routeTableIds.includes(tableId)),
    )
    .map(([tableId, subnetIds]) =>
      finding('s3-route-table-missing', {
        service: 's3',
        resourceId: tableId,
        message: `Route table ${tableId} (used by ${subnetIds.join(
          ', ',
        )}) is not associated with the S3 gateway endpoint ${
          gateway.id
        }, so these subnets have no route to S3, where ECR keeps image layers, and ${symptomFor(
          's3',
          ctx.region,
        )}.`,
        fix: `Associate ${tableId} with ${gateway.id}: VPC console → Endpoints → ${gateway.id} → Route tables → Manage route tables, or \`aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${gateway.id} --add-route-table-ids ${tableId}\`.`,
        terraform: [
          `resource "aws_vpc_endpoint_route_table_association" "s3_${tableId.replace(
            /[^a-zA-Z0-9]/g,
            '_',
          )}" {`,
          `  vpc_endpoint_id = "${gateway.id}"`,
          `  route_table_id  = "${tableId}"`,
          `}`,
        ].join('\n'),
      }),
    );
}
