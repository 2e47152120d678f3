import { endpointServiceName } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { usd } from '../service/cost';
import type { ServicePlan } from '../service/plan';

/** What each endpoint is for, and the error a task shows at start without it. */
const WHY: Record<string, { why: string; without: string }> = {
  'ecr.api': {
    why: 'ECR authentication (GetAuthorizationToken) before the pull',
    without:
      'ResourceInitializationError: unable to pull secrets or registry auth: ... Post "https://api.ecr.<region>.amazonaws.com/": dial tcp ...:443: i/o timeout',
  },
  'ecr.dkr': {
    why: 'the registry itself: image manifests',
    without:
      'CannotPullContainerError: ... Head "https://<account>.dkr.ecr.<region>.amazonaws.com/v2/.../manifests/<tag>": dial tcp ...: i/o timeout',
  },
  s3: {
    why: 'image layers, which ECR serves from S3 (only a Gateway endpoint works for this)',
    without:
      'CannotPullContainerError: ... Get "https://prod-<region>-starport-layer-bucket.s3.<region>.amazonaws.com/...": ... i/o timeout',
  },
  logs: {
    why: 'the awslogs driver writing container output to CloudWatch Logs',
    without: 'ResourceInitializationError: failed to validate logger args ...',
  },
  secretsmanager: {
    why: 'secrets injected from Secrets Manager at start',
    without:
      'ResourceInitializationError: ... unable to retrieve secret from asm ...',
  },
  ssm: {
    why: 'secrets injected from SSM Parameter Store at start',
    without:
      'ResourceInitializationError: ... unable to retrieve secrets from ssm ...',
  },
  ssmmessages: {
    why: 'ECS Exec sessions (aws ecs execute-command)',
    without:
      'execute-command fails: the SSM agent in the task cannot open its channels',
  },
};

function endpointTable(plan: ServicePlan): string {
  const rows = [
    ...plan.createEndpoints.map(e => ({ e, status: 'created here' })),
    ...plan.reuseEndpoints.map(e => ({ e, status: 'reused (the VPC has it)' })),
  ];
  const lines = rows.map(({ e, status }) => {
    const info = WHY[e.service] ?? {
      why: `calls to ${e.service} the app makes (declared need)`,
      without: 'the SDK call times out: its public endpoint is unreachable',
    };
    return `| \`${endpointServiceName(plan.region, e.service)}\` | ${
      e.type
    } | ${e.need} | ${status} | ${info.why} | \`${info.without}\` |`;
  });
  return [
    '| Endpoint service | Type | Need | Here | Why | Without it, tasks fail with |',
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

/** The cost section, with this service's numbers. */
export function costSection(plan: ServicePlan): string {
  const c = plan.cost;
  const azNote =
    plan.network.mode === 'existingVpc' && !plan.network.azCountKnown
      ? ' (assuming one task subnet per AZ)'
      : '';
  return [
    `Interface endpoints cost $0.01 per endpoint per AZ per hour ($7.30 a month) plus $0.01 per GB; gateway endpoints are free (us-east-1 list prices, 730 hours).`,
    '',
    `- This repository creates ${
      c.interfaceEndpoints
    } interface endpoint(s) in ${c.azCount} AZ(s)${azNote}: **${usd(
      c.endpointsMonthly,
    )} a month** before traffic.`,
    `- Reusing the VPC's existing endpoints saves ${usd(
      c.savedByReuseMonthly,
    )} a month.`,
    `- A NAT gateway instead: ${usd(
      c.natMonthly,
    )} a month for one (single-AZ, a zonal failure stops pulls), ${usd(
      c.natPerAzMonthly,
    )} for one per AZ, plus $0.045 per GB processed, and every image pull and log line pays it. A crash-looping task pulls its image again and again.`,
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
