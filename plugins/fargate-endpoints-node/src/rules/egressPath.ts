/**
 * `public-ip-required`, `custom-egress`, `nat-egress`: what the subnet's default route says
 * about how tasks reach AWS when no endpoint captures the traffic.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { CostEstimate } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { RuleContext, addUnknown, finding } from './context';

function subnetsOnPath(ctx: RuleContext, path: string) {
  return ctx.subnetPaths.filter(p => p.path === path);
}

/** `public-ip-required`: a public subnet's tasks reach the internet gateway only with a public IP. */
export function publicIpRequired(ctx: RuleContext): Finding[] {
  const publicSubnets = subnetsOnPath(ctx, 'public');
  if (publicSubnets.length === 0) return [];
  if (ctx.spec.assignPublicIp === undefined) {
    addUnknown(ctx, {
      check: 'public IP assignment',
      rules: ['public-ip-required'],
      reason:
        'the task subnets route to an internet gateway, but assignPublicIp was not given',
    });
    return [];
  }
  if (ctx.spec.assignPublicIp !== 'DISABLED') return [];
  const ids = publicSubnets.map(p => p.subnetId);
  const service = ctx.spec.serviceName ?? 'the service';
  return [
    finding('public-ip-required', {
      resourceId: ctx.spec.serviceArn ?? ids[0],
      message: `${ids.join(', ')} route 0.0.0.0/0 to an internet gateway (${
        publicSubnets[0].defaultRouteTarget
      }), but ${service} runs tasks with assignPublicIp DISABLED. Without a public IP the internet gateway does not carry the tasks' traffic, so tasks reach AWS only through VPC endpoints and typically stop with "ResourceInitializationError: unable to pull secrets or registry auth: ... i/o timeout".`,
      fix: `Turn on the public IP (ECS console → ${service} → Update → Networking → Public IP on, or \`aws ecs update-service --network-configuration 'awsvpcConfiguration={subnets=[${ids.join(
        ',',
      )}],securityGroups=[${ctx.spec.securityGroupIds.join(
        ',',
      )}],assignPublicIp=ENABLED}'\`), or move the tasks to private subnets with a NAT gateway or VPC endpoints.`,
      terraform: [
        `resource "aws_ecs_service" "${
          ctx.spec.serviceName?.replace(/[^a-zA-Z0-9]/g, '_') ?? 'service'
        }" {`,
        `  network_configuration {`,
        `    subnets          = ${JSON.stringify(ctx.spec.subnetIds)}`,
        `    security_groups  = ${JSON.stringify(ctx.spec.securityGroupIds)}`,
        `    assign_public_ip = true`,
        `  }`,
        `}`,
      ].join('\n'),
    }),
  ];
}

/** `custom-egress`: a default route to a transit gateway, peering or appliance the tool cannot follow. */
export function customEgress(ctx: RuleContext): Finding[] {
  const byTable = new Map<string, { target: string; subnets: string[] }>();
  for (const p of subnetsOnPath(ctx, 'custom')) {
    const key = p.routeTableId ?? p.subnetId;
    const entry = byTable.get(key) ?? {
      target: p.defaultRouteTarget ?? 'unknown',
      subnets: [],
    };
    entry.subnets.push(p.subnetId);
    byTable.set(key, entry);
  }
  return [...byTable.entries()].map(([tableId, { target, subnets }]) =>
    finding('custom-egress', {
      resourceId: tableId,
      message: `Route table ${tableId} (used by ${subnets.join(
        ', ',
      )}) sends 0.0.0.0/0 to ${target}. The checker cannot see beyond it: tasks start only if that network reaches AWS (a NAT or centralised endpoints in another VPC, with DNS for them). Missing endpoints here are therefore not reported as errors.`,
      fix: `Confirm that traffic through ${target} reaches the AWS endpoints of ${ctx.region} on TCP 443 and that tasks resolve them, or create VPC endpoints in ${ctx.snapshot.vpcId} for every needed service so tasks do not depend on it.`,
    }),
  );
}

/** `nat-egress`: tasks reach AWS through a NAT gateway. It works; it costs per GB. */
export function natEgress(ctx: RuleContext, cost: CostEstimate): Finding[] {
  const byNat = new Map<string, string[]>();
  for (const p of subnetsOnPath(ctx, 'nat')) {
    const nat = p.defaultRouteTarget ?? 'nat';
    byNat.set(nat, [...(byNat.get(nat) ?? []), p.subnetId]);
  }
  return [...byNat.entries()].map(([nat, subnets]) =>
    finding('nat-egress', {
      resourceId: nat,
      message: `Tasks in ${subnets.join(
        ', ',
      )} reach AWS through the NAT gateway ${nat}. That works, but every image pull and log line not captured by a VPC endpoint pays NAT processing ($0.045/GB), and a crash-looping task pulls its image again and again. ${
        cost.summary
      }`,
      fix: `Nothing to fix. To cut NAT traffic, add the S3 gateway endpoint (free) and interface endpoints for the heaviest services (ecr.dkr, logs) with private DNS on; tasks then use them without other changes.`,
    }),
  );
}
