/**
 * Whether the task subnets and security groups a check names are in the VPC that was read.
 * Explicit network input that names another VPC's resources contradicts itself; a live
 * service pointing at a deleted subnet is reported as unknown by the rules instead.
 */
import { InputError } from '@backstage/errors';
import type { ServiceSpec, VpcSnapshot } from './model';

/** Task subnets and security groups absent from the snapshot (only where that part was read). */
export function absentFromVpc(
  snapshot: VpcSnapshot,
  spec: Pick<ServiceSpec, 'subnetIds' | 'securityGroupIds'>,
): { subnetIds: string[]; securityGroupIds: string[] } {
  const unread = new Set(snapshot.failures.map(f => f.part));
  const subnetIds = new Set(snapshot.subnets.map(s => s.id));
  const groupIds = new Set(snapshot.securityGroups.map(g => g.id));
  return {
    subnetIds: unread.has('subnets')
      ? []
      : spec.subnetIds.filter(id => !subnetIds.has(id)),
    securityGroupIds: unread.has('securityGroups')
      ? []
      : spec.securityGroupIds.filter(id => !groupIds.has(id)),
  };
}

/**
 * The input field names to blame, for example `subnetIds` or an annotation name.
 *
 * @public
 */
export interface NetworkInputFields {
  subnetIds: string;
  securityGroupIds: string;
}

/**
 * Throws an InputError naming the field when explicit network input names subnets or
 * security groups that are not in the VPC: a report about the VPC would mislead.
 *
 * @public
 */
export function assertNetworkInputInVpc(
  snapshot: VpcSnapshot,
  spec: Pick<ServiceSpec, 'subnetIds' | 'securityGroupIds'>,
  fields: NetworkInputFields = {
    subnetIds: 'subnetIds',
    securityGroupIds: 'securityGroupIds',
  },
): void {
  const absent = absentFromVpc(snapshot, spec);
  const verb = (ids: string[]) => (ids.length === 1 ? 'is' : 'are');
  if (absent.subnetIds.length > 0) {
    throw new InputError(
      `${fields.subnetIds}: ${absent.subnetIds.join(', ')} ${verb(
        absent.subnetIds,
      )} not in ${snapshot.vpcId}; subnets of that VPC: ${
        snapshot.subnets.map(s => s.id).join(', ') || 'none'
      }`,
    );
  }
  if (absent.securityGroupIds.length > 0) {
    throw new InputError(
      `${fields.securityGroupIds}: ${absent.securityGroupIds.join(', ')} ${verb(
        absent.securityGroupIds,
      )} not in ${snapshot.vpcId}`,
    );
  }
}
