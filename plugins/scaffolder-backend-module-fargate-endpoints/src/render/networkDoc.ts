import {
  endpointPurpose,
  symptomFor,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import type { ServicePlan } from '../service/servicePlan';

function endpointTable(plan: ServicePlan): string {
  const rows = [
    ...plan.endpoints.create.map(e => ({ e, status: 'created here' })),
    ...plan.endpoints.reuse.map(e => ({
      e,
      status:
        plan.network.mode === 'existingVpc' && !plan.network.lookedUp
          ? 'reused (declared, not read)'
          : `reused (${e.id})`,
    })),
  ];
  const lines = rows.map(
    ({ e, status }) =>
      `| \`${e.serviceName}\` | ${e.type} | ${
        e.need
      } | ${status} | ${endpointPurpose(e.service)} | ${symptomFor(
        e.service,
        plan.region,
      )} |`,
  );
  return [
    '| Endpoint service | Type | Need | Here | Why | Without it |',
    '|---|---|---|---|---|---|',
    ...lines,
  ].join('\n');
}

function topology(plan: ServicePlan): string {
  const net = plan.network;
  if (net.mode === 'newVpc') {
    return [
      `A new VPC \`${net.cidr}\` with ${
        net.azCount
      } private subnets, one per Availability Zone (${net.subnetCidrs
        .map(c => `\`${c}\``)
        .join(', ')}).`,
      "Their route tables hold only the local route and the S3 gateway endpoint's prefix-list route: no internet gateway, no NAT gateway, no `0.0.0.0/0`.",
      'The VPC has DNS support and DNS hostnames on, which private DNS of interface endpoints requires.',
    ].join(' ');
  }
  return [
    `The existing VPC \`${net.vpcId}\`, task subnets ${net.subnetIds
      .map(s => `\`${s}\``)
      .join(', ')}.`,
    'Terraform checks at plan time that the VPC has DNS support and DNS hostnames on, and that every subnet is in the VPC.',
    net.routeTableIds
      ? `The S3 gateway endpoint must be on the route tables ${net.routeTableIds
          .map(r => `\`${r}\``)
          .join(', ')}.`
      : "Terraform finds each subnet's route table (its explicit association, else the VPC's main table) for the S3 gateway endpoint.",
  ].join(' ');
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** The cost section, with this service's numbers (the engine's estimate). */
export function costSection(plan: ServicePlan): string {
  const { cost, savedByReuseMonthly } = plan.endpoints;
  const created = plan.endpoints.create.filter(e => e.type === 'Interface');
  const azs = plan.network.azCount;
  const azNote =
    plan.network.mode === 'existingVpc' && !plan.network.azCountKnown
      ? ' (assuming one task subnet per AZ)'
      : '';
  return [
    `${cost.summary}`,
    '',
    `- This repository creates ${
      created.length
    } interface endpoint(s) in ${azs} AZ(s)${azNote}: **${usd(
      cost.endpointsMonthly,
    )} a month** before traffic.`,
    `- Reusing the VPC's existing endpoints saves ${usd(
      savedByReuseMonthly,
    )} a month.`,
    `- A NAT gateway instead: ${usd(
      cost.natMonthly,
    )} a month for one (single-AZ, a zonal failure stops pulls), ${usd(
      cost.natPerAzMonthly,
    )} for one per AZ, plus $${
      cost.natPerGb
    } per GB processed, and every image pull and log line pays it. A crash-looping task pulls its image again and again.`,
    '- Endpoints belong to the VPC: the next service in this VPC reuses them at no extra cost.',
  ].join('\n');
}

/** The network design page, shared by README.md and docs/network.md. */
export function renderNetworkDesign(plan: ServicePlan): string {
  return `## Network design

The tasks run in **isolated subnets**: no route to the internet at all. Since Fargate platform
version 1.4.0 the task's own network interface pulls the image, fetches secrets and writes logs,
so every AWS API the task touches at start needs a VPC endpoint (AWS PrivateLink) or the task
stops with a \`ResourceInitializationError\` or \`CannotPullContainerError\`.

${topology(plan)}

Needs: ${plan.needSources.map(s => `\`${s.need}\` (${s.reason})`).join('; ')}.

${endpointTable(plan)}

Interface endpoints have private DNS on, so the SDK's usual hostnames resolve to endpoint
addresses inside the VPC; they sit in one subnet per AZ. Their security group admits TCP 443 from
the task security group; the task security group allows outbound TCP 443 only to the endpoint
security group and to the S3 gateway endpoint's prefix list.

An \`i/o timeout\` to an address inside the VPC CIDR means DNS found an endpoint: look at security
groups and network ACLs. A timeout to a public address means an endpoint or its private DNS is
missing.

## Cost

${costSection(plan)}
`;
}
