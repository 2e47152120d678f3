/**
 * EFS reads for the file systems a task definition mounts: the mount targets
 * (DescribeMountTargets) and each one's security groups (DescribeMountTargetSecurityGroups).
 * Nothing here throws on an AWS fault: a failure is kept with the file system.
 */
import {
  DescribeMountTargetSecurityGroupsCommand,
  DescribeMountTargetsCommand,
  EFSClient,
} from '@aws-sdk/client-efs';
import type { FileSystemRead, MountTarget } from '../model';
import {
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './awsErrors';

async function readOne(efs: EFSClient, id: string): Promise<FileSystemRead> {
  let call = 'DescribeMountTargets';
  try {
    const targets: MountTarget[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await efs.send(
        new DescribeMountTargetsCommand({ FileSystemId: id, Marker: marker }),
      );
      if (!out.MountTargets)
        return {
          id,
          failure: {
            call,
            reason: `the DescribeMountTargets answer for ${id} holds no MountTargets`,
          },
        };
      for (const t of out.MountTargets) {
        if (!t.MountTargetId || !t.SubnetId) continue;
        targets.push({
          id: t.MountTargetId,
          subnetId: t.SubnetId,
          availabilityZone: t.AvailabilityZoneName,
          vpcId: t.VpcId,
          state: t.LifeCycleState ?? 'unknown',
          ipAddress: t.IpAddress,
          securityGroupIds: [],
        });
      }
      marker = out.NextMarker;
      if (!marker) break;
    }
    call = 'DescribeMountTargetSecurityGroups';
    for (const target of targets) {
      const out = await efs.send(
        new DescribeMountTargetSecurityGroupsCommand({
          MountTargetId: target.id,
        }),
      );
      if (!out.SecurityGroups)
        return {
          id,
          failure: {
            call,
            reason: `the DescribeMountTargetSecurityGroups answer for ${target.id} holds no SecurityGroups`,
          },
        };
      target.securityGroupIds = out.SecurityGroups;
    }
    return { id, mountTargets: targets };
  } catch (error) {
    if (isMissingCredentialsError(error) || isRejectedCredentialsError(error))
      throw error;
    return {
      id,
      failure: {
        call,
        reason: `${id}: ${describeAwsError(error, 'elasticfilesystem', call)}`,
      },
    };
  }
}

/** Reads each file system's mount targets and their security groups. */
export function readFileSystems(
  efs: EFSClient,
  ids: readonly string[],
): Promise<FileSystemRead[]> {
  return Promise.all([...new Set(ids)].map(id => readOne(efs, id)));
}
