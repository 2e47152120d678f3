/**
 * `missing-endpoint` and `endpoint-not-available`: does the endpoint exist, and is it up.
 */
import {
  endpointServiceName,
  type Finding,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { RuleContext, endpointsInUse, finding } from './context';
import { zoneDecides } from './hub';
import { hubGapNote } from './missingWhere';
import { symptomFor } from './symptoms';
import { interfaceEndpointTf, s3GatewayTf } from './terraform';

function isolatedSubnetIds(ctx: RuleContext): string[] {
  return ctx.subnetPaths
    .filter(p => p.path === 'isolated')
    .map(p => p.subnetId);
}

/** One subnet per AZ among the task subnets: where a new interface endpoint should go. */
function onePerAz(ctx: RuleContext): string[] {
  const byAz = new Map<string, string>();
  for (const subnet of ctx.taskSubnets) {
    if (!byAz.has(subnet.availabilityZone))
      byAz.set(subnet.availabilityZone, subnet.id);
  }
  return byAz.size > 0 ? [...byAz.values()] : ctx.spec.subnetIds;
}

/** Security groups the VPC's other interface endpoints use, to reuse for a new one. */
function existingEndpointGroups(ctx: RuleContext): string[] {
  const groups = ctx.endpointUses.flatMap(u =>
    u.endpoint && u.requirement.type === 'Interface'
      ? u.endpoint.securityGroupIds
      : [],
  );
  return [...new Set(groups)];
}

/** `missing-endpoint`: an isolated task subnet and a needed service without an endpoint. */
export function missingEndpoint(ctx: RuleContext): Finding[] {
  if (!ctx.isolated) return [];
  const subnets = isolatedSubnetIds(ctx).join(', ');
  const zonesFailure = ctx.snapshot.failures.find(
    f => f.part === 'privateZones',
  );
  return (
    ctx.endpointUses
      .filter(u => !u.endpoint && !zoneDecides(u))
      // A hub's private hosted zone may serve it: without the zones, missing is not known
      // (recordHubUnknowns says so).
      .filter(u => !zonesFailure || u.requirement.type !== 'Interface')
      .map(({ requirement, serviceName }) => {
        const { service, type } = requirement;
        const s3Interface =
          service === 's3' &&
          ctx.snapshot.endpoints.some(
            e =>
              e.serviceName === endpointServiceName(ctx.region, 's3') &&
              e.type === 'Interface',
          );
        const gatewayNote = s3Interface
          ? ' The VPC has an S3 *interface* endpoint, but ECR layer downloads only use the S3 gateway endpoint.'
          : '';
        const terraform =
          type === 'Gateway'
            ? s3GatewayTf({
                vpcId: ctx.snapshot.vpcId,
                serviceName,
                routeTableIds: ctx.taskRouteTableIds,
              })
            : interfaceEndpointTf({
                service,
                vpcId: ctx.snapshot.vpcId,
                serviceName,
                subnetIds: onePerAz(ctx),
                securityGroupIds: existingEndpointGroups(ctx),
              });
        const fix =
          type === 'Gateway'
            ? `Create a Gateway endpoint for ${serviceName} in ${
                ctx.snapshot.vpcId
              } and associate it with route tables ${ctx.taskRouteTableIds.join(
                ', ',
              )} (VPC console → Endpoints → Create endpoint, type Gateway).`
            : `Create an Interface endpoint for ${serviceName} in ${ctx.snapshot.vpcId} with private DNS enabled, one subnet per AZ the tasks use, and a security group that admits TCP 443 from the task security group (VPC console → Endpoints → Create endpoint).`;
        const groups = existingEndpointGroups(ctx);
        const cli =
          type === 'Gateway'
            ? `aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --vpc-id ${
                ctx.snapshot.vpcId
              } --service-name ${serviceName} --route-table-ids ${ctx.taskRouteTableIds.join(
                ' ',
              )}`
            : `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id ${
                ctx.snapshot.vpcId
              } --service-name ${serviceName} --private-dns-enabled --subnet-ids ${onePerAz(
                ctx,
              ).join(' ')}${
                groups.length > 0
                  ? ` --security-group-ids ${groups.join(' ')}`
                  : ' --security-group-ids <endpoint security group admitting TCP 443 from the tasks>'
              }`;
        return finding('missing-endpoint', {
          service,
          resourceId: ctx.snapshot.vpcId,
          message: `The tasks run in subnets with no route out of the VPC (${subnets}) and need ${service} (for "${
            requirement.need
          }"), but ${
            ctx.snapshot.vpcId
          } has no ${type} endpoint for ${serviceName}, so ${symptomFor(
            service,
            ctx.region,
          )}.${gatewayNote}${
            type === 'Interface' ? hubGapNote(ctx, service) : ''
          }`,
          fix,
          terraform,
          cli,
        });
      })
  );
}

/** `endpoint-not-available`: the endpoint carrying the tasks' traffic is not `available`. */
export function endpointNotAvailable(ctx: RuleContext): Finding[] {
  return endpointsInUse(ctx)
    .filter(u => u.endpoint.state.toLowerCase() !== 'available')
    .map(({ requirement, endpoint }) => {
      const state = endpoint.state.toLowerCase();
      const fix =
        state === 'pendingacceptance' || state === 'pending'
          ? `Wait for ${endpoint.id} to become available, or accept it if it is pending acceptance (VPC console → Endpoints → ${endpoint.id}).`
          : `Look at ${endpoint.id} in the VPC console (Endpoints) for why it is ${endpoint.state}; delete it and create it again if it failed.`;
      return finding('endpoint-not-available', {
        service: requirement.service,
        resourceId: endpoint.id,
        message: `The ${requirement.service} endpoint ${
          endpoint.id
        } is in state "${
          endpoint.state
        }", not "available", so it does not carry traffic yet and ${symptomFor(
          requirement.service,
          ctx.region,
        )}.`,
        fix,
      });
    });
}
