/**
 * Reading ahead for a fleet: before the services of one account and region are checked one by
 * one, everything their checks will read is read together, so that AWS sees a few calls per
 * account and region instead of a few per VPC. The ECS services first (DescribeServices takes
 * ten of a cluster at once), then the VPCs of their subnets (DescribeSubnets takes 200 ids),
 * then those VPCs with the engine's batched read. What is read lands in the shared caches the
 * checks read through, so each check then costs no AWS call and judges what it always judged.
 */
import type { EcsServiceRead } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { MAIN_ACCOUNT } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import type { EntityTarget } from './entityTarget';

/** Account-regions read ahead at once: AWS paces each on its own, so they overlap well. */
export const ACCOUNT_REGIONS_AT_ONCE = 16;

/** The reads a read-ahead makes, through the caches of the checks that follow. */
export interface ReadAheadReader {
  readEcsService(serviceArn: string): Promise<EcsServiceRead>;
  resolveSubnetVpcs(subnetIds: string[]): Promise<Map<string, string>>;
  /** Reads these VPCs together into the cache (failures are cached for the checks to report). */
  readVpcSnapshotsAhead(vpcIds: string[]): Promise<void>;
}

/** Targets of one account and region: what one read-ahead covers. */
export interface AccountRegionTargets<T> {
  accountId?: string;
  region: string;
  items: T[];
}

/** Groups items by the account and region of their target (the main account under its own key). */
export function byAccountRegion<T>(
  items: T[],
  targetOf: (item: T) => EntityTarget | undefined,
): Array<AccountRegionTargets<T>> {
  const groups = new Map<string, AccountRegionTargets<T>>();
  for (const item of items) {
    const target = targetOf(item);
    if (!target) continue;
    const key = `${target.accountId ?? MAIN_ACCOUNT}|${target.region}`;
    let group = groups.get(key);
    if (!group) {
      group = { accountId: target.accountId, region: target.region, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/**
 * Reads ahead what the targets' checks need. Never throws: a read that fails is cached as
 * failed, and the check that needs it reports it as it would have alone.
 */
export async function readAhead(
  reader: ReadAheadReader,
  targets: EntityTarget[],
): Promise<void> {
  const vpcIds = new Set<string>();
  for (const target of targets) {
    if (target.kind === 'network') vpcIds.add(target.input.vpcId);
    if (target.kind === 'planned' && target.vpcId) vpcIds.add(target.vpcId);
  }
  // All at once: concurrent DescribeServices of one cluster share a call of ten.
  const services = await Promise.all(
    targets.flatMap(target =>
      target.kind === 'ecs-service'
        ? [reader.readEcsService(target.arn.arn).catch(() => undefined)]
        : [],
    ),
  );
  // Each service's subnets under the key its check will ask for; the look-ups share calls.
  const located = await Promise.all(
    services.map(read =>
      read?.subnetIds.length
        ? reader.resolveSubnetVpcs(read.subnetIds).catch(() => undefined)
        : undefined,
    ),
  );
  for (const vpcBySubnet of located)
    vpcBySubnet?.forEach(vpcId => vpcIds.add(vpcId));
  if (vpcIds.size > 0)
    await reader.readVpcSnapshotsAhead([...vpcIds]).catch(() => undefined);
}
