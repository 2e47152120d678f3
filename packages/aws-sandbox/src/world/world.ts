import { awsManagedPrefixLists } from './prefixLists';
import { serviceArn } from './ids';
import type { EcsServiceFixture } from './ecsBuilders';
import type {
  SandboxCluster,
  SandboxRegion,
  SandboxVpc,
  SandboxWorld,
} from './types';

/** The account requests land in when their access key is not mapped. */
export const DEFAULT_ACCOUNT_ID = '111111111111';

/** An empty world. */
export function sandboxWorld(options?: {
  defaultAccountId?: string;
  accessKeys?: Record<string, string>;
}): SandboxWorld {
  return {
    defaultAccountId: options?.defaultAccountId ?? DEFAULT_ACCOUNT_ID,
    accessKeys: { ...options?.accessKeys },
    accounts: {},
  };
}

/** The region of an account, created empty (with the AWS-managed prefix lists) on first use. */
export function regionOf(
  world: SandboxWorld,
  accountId: string,
  region: string,
): SandboxRegion {
  const account = (world.accounts[accountId] ??= { regions: {} });
  return (account.regions[region] ??= {
    vpcs: [],
    prefixLists: awsManagedPrefixLists(region),
    clusters: [],
    taskDefinitions: [],
  });
}

function clusterOf(region: SandboxRegion, clusterName: string): SandboxCluster {
  let cluster = region.clusters.find(c => c.clusterName === clusterName);
  if (!cluster) {
    cluster = { clusterName, services: [], tasks: [] };
    region.clusters.push(cluster);
  }
  return cluster;
}

/** Puts VPCs and ECS services into one account and region of the world. Returns the world. */
export function addToWorld(
  world: SandboxWorld,
  where: { accountId?: string; region: string },
  contents: { vpcs?: SandboxVpc[]; services?: EcsServiceFixture[] },
): SandboxWorld {
  const region = regionOf(
    world,
    where.accountId ?? world.defaultAccountId,
    where.region,
  );
  region.vpcs.push(...(contents.vpcs ?? []));
  for (const fixture of contents.services ?? []) {
    const cluster = clusterOf(region, fixture.clusterName);
    cluster.services.push(fixture.service);
    cluster.tasks.push(...fixture.tasks);
    region.taskDefinitions.push(fixture.taskDefinition);
  }
  return world;
}

/** One ECS service of a world, located. */
export interface WorldServiceRef {
  accountId: string;
  region: string;
  clusterName: string;
  serviceName: string;
  serviceArn: string;
  /** The VPC of the service's first subnet, if the world has it. */
  vpcId?: string;
}

/** Every ECS service in the world, in a stable order (accounts, regions, clusters as stored). */
export function listWorldServices(world: SandboxWorld): WorldServiceRef[] {
  const refs: WorldServiceRef[] = [];
  for (const [accountId, account] of Object.entries(world.accounts)) {
    for (const [regionName, region] of Object.entries(account.regions)) {
      for (const cluster of region.clusters) {
        for (const service of cluster.services) {
          const vpc = region.vpcs.find(v =>
            v.subnets.some(s => s.id === service.subnets[0]),
          );
          refs.push({
            accountId,
            region: regionName,
            clusterName: cluster.clusterName,
            serviceName: service.serviceName,
            serviceArn: serviceArn(
              regionName,
              accountId,
              cluster.clusterName,
              service.serviceName,
            ),
            vpcId: vpc?.id,
          });
        }
      }
    }
  }
  return refs;
}
