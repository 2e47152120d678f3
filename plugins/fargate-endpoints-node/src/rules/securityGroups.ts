/**
 * `endpoint-sg-blocks-tasks` and `task-egress-blocked`: both ends of the TCP 443 connection
 * from a task to an endpoint must be admitted by security groups.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { securityGroupsAdmit } from '../network/securityGroups';
import {
  EndpointUse,
  RuleContext,
  addUnresolvedPrefixLists,
  endpointsInUse,
  finding,
  prefixListCidrsOf,
} from './context';
import { symptomFor } from './symptoms';
import { httpsRuleTf, tfName } from './terraform';
import { s3PrefixListKnown } from './unknowns';

const HTTPS = { protocol: 'tcp', ports: { from: 443, to: 443 } };

function subnetCidrs(ctx: RuleContext, subnetIds: readonly string[]): string[] {
  return ctx.snapshot.subnets
    .filter(s => subnetIds.includes(s.id))
    .map(s => s.cidrBlock);
}

/** `endpoint-sg-blocks-tasks`: no endpoint security group admits TCP 443 from the tasks. */
export function endpointSgBlocksTasks(ctx: RuleContext): Finding[] {
  const taskCidrs = ctx.taskSubnets.map(s => s.cidrBlock);
  const taskGroup = ctx.spec.securityGroupIds[0];
  return endpointsInUse(ctx)
    .filter(u => u.requirement.type === 'Interface')
    .flatMap(({ requirement, endpoint }) => {
      const groups = ctx.snapshot.securityGroups.filter(g =>
        endpoint.securityGroupIds.includes(g.id),
      );
      const admission = securityGroupsAdmit(
        groups,
        'ingress',
        HTTPS,
        { groupIds: ctx.spec.securityGroupIds, cidrs: taskCidrs },
        prefixListCidrsOf(ctx),
      );
      if (admission.admitted) return [];
      if (admission.unresolvedPrefixListIds.length > 0) {
        addUnresolvedPrefixLists(
          ctx,
          'endpoint-sg-blocks-tasks',
          admission.unresolvedPrefixListIds,
          `inbound to the ${requirement.service} endpoint`,
        );
        return [];
      }
      const endpointGroup = endpoint.securityGroupIds[0];
      return [
        finding('endpoint-sg-blocks-tasks', {
          service: requirement.service,
          resourceId: endpointGroup ?? endpoint.id,
          message: `No security group on the ${requirement.service} endpoint ${
            endpoint.id
          } (${
            endpoint.securityGroupIds.join(', ') || 'none'
          }) allows inbound TCP 443 from the task security group ${ctx.spec.securityGroupIds.join(
            ', ',
          )} or from a CIDR covering the task subnets (${taskCidrs.join(
            ', ',
          )}). The endpoint drops the tasks' HTTPS connections, so ${symptomFor(
            requirement.service,
            ctx.region,
          )}.`,
          fix: `Add an inbound rule to ${endpointGroup}: type HTTPS (TCP 443), source the security group ${taskGroup} (EC2 console → Security Groups → ${endpointGroup} → Edit inbound rules), or \`aws ec2 authorize-security-group-ingress --group-id ${endpointGroup} --protocol tcp --port 443 --source-group ${taskGroup}\`.`,
          terraform: httpsRuleTf({
            direction: 'ingress',
            name: `${tfName(requirement.service)}_endpoint_from_tasks`,
            securityGroupId: endpointGroup,
            peer: { groupId: taskGroup },
            description: 'HTTPS from ECS tasks',
          }),
        }),
      ];
    });
}

type EgressPeer =
  | { groupId: string }
  | { prefixListId: string }
  | { cidr: string };

function describePeer(peer: EgressPeer): { words: string; cli: string } {
  if ('groupId' in peer) {
    return {
      words: `the security group ${peer.groupId}`,
      cli: `UserIdGroupPairs=[{GroupId=${peer.groupId}}]`,
    };
  }
  if ('prefixListId' in peer) {
    return {
      words: `the prefix list ${peer.prefixListId}`,
      cli: `PrefixListIds=[{PrefixListId=${peer.prefixListId}}]`,
    };
  }
  return { words: peer.cidr, cli: `IpRanges=[{CidrIp=${peer.cidr}}]` };
}

function egressFinding(
  ctx: RuleContext,
  use: EndpointUse,
  target: string,
  peer: EgressPeer,
): Finding {
  const taskGroup = ctx.spec.securityGroupIds[0];
  const { service } = use.requirement;
  const described = describePeer(peer);
  return finding('task-egress-blocked', {
    service,
    resourceId: taskGroup,
    message: `The task security groups (${ctx.spec.securityGroupIds.join(
      ', ',
    )}) allow no outbound TCP 443 to ${target}. The tasks' own security group drops the connection before it leaves, so ${symptomFor(
      service,
      ctx.region,
    )}.`,
    fix: `Add an outbound rule to ${taskGroup}: type HTTPS (TCP 443), destination ${described.words} (EC2 console → Security Groups → ${taskGroup} → Edit outbound rules), or \`aws ec2 authorize-security-group-egress --group-id ${taskGroup} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,${described.cli}'\`.`,
    terraform: httpsRuleTf({
      direction: 'egress',
      name: `tasks_to_${tfName(service)}`,
      securityGroupId: taskGroup,
      peer,
      description: `HTTPS to the ${service} endpoint`,
    }),
  });
}

/** `task-egress-blocked`: the task security groups allow no outbound TCP 443 to the endpoint. */
export function taskEgressBlocked(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const use of endpointsInUse(ctx)) {
    const { endpoint, requirement } = use;
    if (requirement.type === 'Gateway') {
      const prefixList = ctx.snapshot.s3PrefixList;
      if (!prefixList || !s3PrefixListKnown(ctx)) continue;
      const admission = securityGroupsAdmit(
        ctx.taskSecurityGroups,
        'egress',
        HTTPS,
        {
          groupIds: [],
          cidrs: prefixList.cidrs,
          prefixListIds: [prefixList.id],
        },
        prefixListCidrsOf(ctx),
      );
      if (!admission.admitted && admission.unresolvedPrefixListIds.length) {
        addUnresolvedPrefixLists(
          ctx,
          'task-egress-blocked',
          admission.unresolvedPrefixListIds,
          'task egress to S3',
        );
      } else if (!admission.admitted) {
        findings.push(
          egressFinding(
            ctx,
            use,
            `the S3 prefix list ${prefixList.id} (${prefixList.name}), where the S3 gateway ${endpoint.id} sends ECR image layers`,
            { prefixListId: prefixList.id },
          ),
        );
      }
      continue;
    }
    const admission = securityGroupsAdmit(
      ctx.taskSecurityGroups,
      'egress',
      HTTPS,
      {
        groupIds: endpoint.securityGroupIds,
        cidrs: subnetCidrs(ctx, endpoint.subnetIds),
      },
      prefixListCidrsOf(ctx),
    );
    if (!admission.admitted && admission.unresolvedPrefixListIds.length) {
      addUnresolvedPrefixLists(
        ctx,
        'task-egress-blocked',
        admission.unresolvedPrefixListIds,
        `task egress to the ${requirement.service} endpoint`,
      );
    } else if (!admission.admitted) {
      const peer: EgressPeer = endpoint.securityGroupIds[0]
        ? { groupId: endpoint.securityGroupIds[0] }
        : { cidr: ctx.snapshot.cidrBlocks[0] ?? '10.0.0.0/16' };
      findings.push(
        egressFinding(
          ctx,
          use,
          `the ${requirement.service} endpoint ${
            endpoint.id
          } (its security group ${
            endpoint.securityGroupIds.join(', ') || '(none)'
          } or a CIDR covering its subnets)`,
          peer,
        ),
      );
    }
  }
  return findings;
}
