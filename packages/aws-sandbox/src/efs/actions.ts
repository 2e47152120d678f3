/**
 * Amazon EFS, as its REST-JSON API answers (EFS API Reference, version 2015-02-01):
 * `GET /2015-02-01/mount-targets?FileSystemId=` (DescribeMountTargets, paged by Marker /
 * NextMarker) and `GET /2015-02-01/mount-targets/{MountTargetId}/security-groups`
 * (DescribeMountTargetSecurityGroups). Errors carry `x-amzn-ErrorType` and a JSON body with
 * `ErrorCode` and `Message`.
 */
import { AwsApiError } from '../protocol/errors';
import type { SandboxRegion, SandboxVpc } from '../world/types';

/** What an EFS action gets. */
export interface EfsCallContext {
  region: SandboxRegion;
  regionName: string;
  accountId: string;
  /** The path after the version, e.g. `mount-targets`. */
  path: string;
  query: URLSearchParams;
  pageSize?: number;
}

/** An EFS action: returns the JSON body. */
export type EfsAction = (ctx: EfsCallContext) => unknown;

/** The action a request names, from its method and path. */
export function efsActionOf(method: string, path: string): string | undefined {
  if (method !== 'GET') return undefined;
  if (path === 'mount-targets') return 'DescribeMountTargets';
  if (/^mount-targets\/[^/]+\/security-groups$/.test(path))
    return 'DescribeMountTargetSecurityGroups';
  return undefined;
}

function vpcOfSubnet(
  region: SandboxRegion,
  subnetId: string,
): { vpc: SandboxVpc; availabilityZone: string } | undefined {
  for (const vpc of region.vpcs) {
    const subnet = vpc.subnets.find(s => s.id === subnetId);
    if (subnet) return { vpc, availabilityZone: subnet.availabilityZone };
  }
  return undefined;
}

const describeMountTargets: EfsAction = ctx => {
  const fileSystemId = ctx.query.get('FileSystemId');
  const mountTargetId = ctx.query.get('MountTargetId');
  if (!fileSystemId && !mountTargetId)
    throw new AwsApiError(
      'BadRequest',
      'You must specify exactly one of FileSystemId, MountTargetId or AccessPointId',
    );
  const fileSystems = ctx.region.fileSystems ?? [];
  const fileSystem = fileSystemId
    ? fileSystems.find(f => f.id === fileSystemId)
    : fileSystems.find(f => f.mountTargets.some(m => m.id === mountTargetId));
  if (!fileSystem)
    throw new AwsApiError(
      fileSystemId ? 'FileSystemNotFound' : 'MountTargetNotFound',
      fileSystemId
        ? `File system '${fileSystemId}' does not exist.`
        : `Mount target '${mountTargetId}' does not exist.`,
      404,
    );
  const all = fileSystem.mountTargets.filter(
    m => !mountTargetId || m.id === mountTargetId,
  );
  const max = Math.min(
    Number(ctx.query.get('MaxItems') ?? 10) || 10,
    ctx.pageSize ?? 10,
  );
  const start = Number(ctx.query.get('Marker') ?? 0) || 0;
  const page = all.slice(start, start + max);
  return {
    Marker: ctx.query.get('Marker') ?? undefined,
    MountTargets: page.map(m => {
      const where = vpcOfSubnet(ctx.region, m.subnetId);
      return {
        OwnerId: ctx.accountId,
        MountTargetId: m.id,
        FileSystemId: fileSystem.id,
        SubnetId: m.subnetId,
        LifeCycleState: m.lifeCycleState ?? 'available',
        IpAddress: m.ipAddress,
        NetworkInterfaceId: `eni-${m.id.slice(6, 23).padEnd(17, '0')}`,
        AvailabilityZoneName: where?.availabilityZone,
        VpcId: where?.vpc.id,
      };
    }),
    NextMarker: start + max < all.length ? String(start + max) : undefined,
  };
};

const describeMountTargetSecurityGroups: EfsAction = ctx => {
  const id = ctx.path.split('/')[1];
  const target = (ctx.region.fileSystems ?? [])
    .flatMap(f => f.mountTargets)
    .find(m => m.id === id);
  if (!target)
    throw new AwsApiError(
      'MountTargetNotFound',
      `Mount target '${id}' does not exist.`,
      404,
    );
  return { SecurityGroups: target.securityGroupIds };
};

/** Every EFS action the sandbox answers. */
export const EFS_ACTIONS: Record<string, EfsAction> = {
  DescribeMountTargets: describeMountTargets,
  DescribeMountTargetSecurityGroups: describeMountTargetSecurityGroups,
};
