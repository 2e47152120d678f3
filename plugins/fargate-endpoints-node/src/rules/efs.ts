/**
 * EFS volumes (`efsVolumeConfiguration`): a task mounts its file system through the mount
 * target in its own Availability Zone, by the `fs-....efs.<region>.amazonaws.com` name, over
 * NFS (TCP 2049). Symptom otherwise: `ResourceInitializationError: failed to invoke EFS utils
 * commands to set up EFS volumes` (ECS developer guide, "Amazon EFS volumes" and
 * "Troubleshooting EFS volume issues").
 *
 * - `efs-mount-target-missing`: no `available` mount target of the file system in the task
 *   VPC in some AZ of the task subnets.
 * - `efs-nfs-blocked`: the task groups allow no TCP 2049 out to the mount target, or its
 *   groups admit no TCP 2049 from the tasks.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { MountTarget } from '../model';
import { securityGroupsAdmit } from '../network/securityGroups';
import { RuleContext, addUnknown, finding, prefixListCidrsOf } from './context';

const NFS = { protocol: 'tcp', ports: { from: 2049, to: 2049 } };

/** The mount targets that serve the task VPC: available, and in it. */
export function availableInVpc(ctx: RuleContext, targets: MountTarget[]) {
  return targets.filter(
    t =>
      t.state.toLowerCase() === 'available' &&
      (!t.vpcId || t.vpcId === ctx.snapshot.vpcId),
  );
}

/** The AZ of a mount target: its own, or its subnet's. */
export function mountTargetZone(
  ctx: RuleContext,
  target: MountTarget,
): string | undefined {
  return (
    target.availabilityZone ??
    ctx.snapshot.subnets.find(s => s.id === target.subnetId)?.availabilityZone
  );
}

/** Unknowns for file systems whose mount targets could not be read. */
export function recordEfsUnknowns(ctx: RuleContext): void {
  for (const fs of ctx.spec.fileSystems ?? []) {
    if (!fs.failure) continue;
    addUnknown(
      ctx,
      {
        check: `EFS file system ${fs.id}`,
        rules: ['efs-mount-target-missing', 'efs-nfs-blocked'],
        call: fs.failure.call,
        reason: fs.failure.reason,
      },
      false,
    );
  }
}

/** `efs-mount-target-missing`. */
export function efsMountTargetMissing(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const zones = [...new Set(ctx.taskSubnets.map(s => s.availabilityZone))];
  for (const fs of ctx.spec.fileSystems ?? []) {
    if (!fs.mountTargets) continue;
    const targets = availableInVpc(ctx, fs.mountTargets);
    const gaps = zones.filter(
      z => !targets.some(t => mountTargetZone(ctx, t) === z),
    );
    if (gaps.length === 0) continue;
    const subnets = ctx.taskSubnets
      .filter(s => gaps.includes(s.availabilityZone))
      .map(s => s.id);
    findings.push(
      finding('efs-mount-target-missing', {
        resourceId: fs.id,
        message: `The tasks mount EFS file system ${
          fs.id
        }, which has no available mount target in ${
          ctx.snapshot.vpcId
        } in ${gaps.join(', ')} (task subnets ${subnets.join(
          ', ',
        )}); tasks placed there fail with "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes".`,
        fix: `Create a mount target for ${fs.id} in ${subnets[0]} (EFS console → ${fs.id} → Network → Manage), or \`aws efs create-mount-target --file-system-id ${fs.id} --subnet-id ${subnets[0]} --security-groups <efs-sg>\`.`,
        terraform: `resource "aws_efs_mount_target" "${gaps[0].replace(
          /-/g,
          '_',
        )}" {\n  file_system_id  = "${fs.id}"\n  subnet_id       = "${
          subnets[0]
        }"\n  security_groups = [] # a group admitting TCP 2049 from the tasks\n}`,
      }),
    );
  }
  return findings;
}

/** `efs-nfs-blocked`. */
export function efsNfsBlocked(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const taskGroup = ctx.spec.securityGroupIds[0];
  const taskCidrs = ctx.taskSubnets.map(s => s.cidrBlock);
  for (const fs of ctx.spec.fileSystems ?? []) {
    if (!fs.mountTargets) continue;
    for (const target of availableInVpc(ctx, fs.mountTargets)) {
      const groups = ctx.snapshot.securityGroups.filter(g =>
        target.securityGroupIds.includes(g.id),
      );
      if (groups.length < target.securityGroupIds.length) {
        addUnknown(
          ctx,
          {
            check: `EFS mount target ${target.id} security groups`,
            rules: ['efs-nfs-blocked'],
            reason: `${target.securityGroupIds.join(
              ', ',
            )} are not all security groups of ${ctx.snapshot.vpcId}`,
          },
          false,
        );
        continue;
      }
      const targetCidrs = target.ipAddress
        ? [`${target.ipAddress}/32`]
        : ctx.snapshot.subnets
            .filter(s => s.id === target.subnetId)
            .map(s => s.cidrBlock);
      const egress = securityGroupsAdmit(
        ctx.taskSecurityGroups,
        'egress',
        NFS,
        { groupIds: target.securityGroupIds, cidrs: targetCidrs },
        prefixListCidrsOf(ctx),
      );
      const ingress = securityGroupsAdmit(
        groups,
        'ingress',
        NFS,
        { groupIds: ctx.spec.securityGroupIds, cidrs: taskCidrs },
        prefixListCidrsOf(ctx),
      );
      const mountGroup = target.securityGroupIds[0] ?? target.id;
      if (!egress.admitted && !egress.unresolvedPrefixListIds.length) {
        findings.push(
          finding('efs-nfs-blocked', {
            resourceId: taskGroup,
            message: `The task security groups (${ctx.spec.securityGroupIds.join(
              ', ',
            )}) allow no outbound TCP 2049 (NFS) to the mount target ${
              target.id
            } of ${
              fs.id
            }, so the EFS volume cannot be mounted and tasks fail with "ResourceInitializationError: failed to invoke EFS utils commands".`,
            fix: `Add an outbound rule to ${taskGroup}: TCP 2049 to the security group ${mountGroup}, or \`aws ec2 authorize-security-group-egress --group-id ${taskGroup} --ip-permissions 'IpProtocol=tcp,FromPort=2049,ToPort=2049,UserIdGroupPairs=[{GroupId=${mountGroup}}]'\`.`,
          }),
        );
      }
      if (!ingress.admitted && !ingress.unresolvedPrefixListIds.length) {
        findings.push(
          finding('efs-nfs-blocked', {
            resourceId: mountGroup,
            message: `No security group on the mount target ${target.id} of ${
              fs.id
            } (${target.securityGroupIds.join(
              ', ',
            )}) admits TCP 2049 (NFS) from the tasks, so the EFS volume cannot be mounted.`,
            fix: `Add an inbound rule to ${mountGroup}: TCP 2049 from the security group ${taskGroup}, or \`aws ec2 authorize-security-group-ingress --group-id ${mountGroup} --protocol tcp --port 2049 --source-group ${taskGroup}\`.`,
          }),
        );
      }
      if (
        (!egress.admitted && egress.unresolvedPrefixListIds.length) ||
        (!ingress.admitted && ingress.unresolvedPrefixListIds.length)
      ) {
        addUnknown(
          ctx,
          {
            check: `NFS to ${target.id}`,
            rules: ['efs-nfs-blocked'],
            call: 'GetManagedPrefixListEntries',
            reason: 'a prefix list the rules name could not be read',
          },
          false,
        );
      }
    }
  }
  // One finding per group and direction, not per mount target.
  return findings.filter(
    (f, i) =>
      findings.findIndex(
        g =>
          g.resourceId === f.resourceId &&
          g.message.slice(0, 40) === f.message.slice(0, 40),
      ) === i,
  );
}
