import { ecrImage, ecsService } from './ecsBuilders';
import { serviceArn } from './ids';
import { isolatedVpc, natVpc } from './vpcBuilders';
import { addToWorld, DEFAULT_ACCOUNT_ID, sandboxWorld } from './world';
import type { SandboxVpc, SandboxWorld } from './types';

/** Options of {@link createFleetWorld}. */
export interface FleetOptions {
  /** Number of ECS services. Defaults to 1000. */
  services?: number;
  /** Number of VPCs the services spread over (round robin). Defaults to 100. */
  vpcs?: number;
  /** Regions the VPCs spread over (round robin). Defaults to eu-west-1, us-east-1, ap-southeast-2. */
  regions?: string[];
  /** The first account (the main one); the others follow it, see {@link fleetAccountIds}. */
  accountId?: string;
  /** Number of accounts the VPCs spread over (round robin). Defaults to 1. */
  accounts?: number;
}

/**
 * The fleet's accounts: `accountId` first, then 200000000001, 200000000002, ... Each answers
 * to its own access key ({@link fleetAccessKeyId}), so a caller reaches an account's
 * resources, and its throttle buckets, only with that account's credentials.
 */
export function fleetAccountIds(options?: FleetOptions): string[] {
  const o = resolved(options);
  return Array.from({ length: o.accounts }, (_, i) =>
    i === 0 ? o.accountId : String(200_000_000_000 + i),
  );
}

/** The access key id the sandbox maps to a fleet account. */
export function fleetAccessKeyId(accountId: string): string {
  return `AKIAFLEET${accountId}`;
}

/** How a fleet VPC is built; every service in it shares the design. */
export type FleetDesign =
  | 'healthy'
  | 'missing-ecr-api'
  | 's3-wrong-route-table'
  | 'nat';

/** One planned fleet service. */
export interface FleetServicePlan {
  serviceName: string;
  clusterName: string;
  serviceArn: string;
  region: string;
  accountId: string;
  vpcName: string;
  vpcIndex: number;
  design: FleetDesign;
}

const HEALTHY_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs'];

/**
 * The design of VPC number `index`: of every 20 VPCs, 2 miss ecr.api, 2 have the S3 gateway on
 * the wrong route table, 1 is on NAT, the rest are healthy.
 */
export function fleetDesign(index: number): FleetDesign {
  if (index % 10 === 3) return 'missing-ecr-api';
  if (index % 10 === 7) return 's3-wrong-route-table';
  if (index % 20 === 11) return 'nat';
  return 'healthy';
}

function resolved(options?: FleetOptions) {
  return {
    services: options?.services ?? 1000,
    vpcs: options?.vpcs ?? 100,
    regions: options?.regions ?? ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
    accountId: options?.accountId ?? DEFAULT_ACCOUNT_ID,
    accounts: Math.max(1, options?.accounts ?? 1),
  };
}

/** The fleet's services and the design of their VPCs, without building the world. */
export function describeFleet(options?: FleetOptions): FleetServicePlan[] {
  const o = resolved(options);
  const accounts = fleetAccountIds(options);
  return Array.from({ length: o.services }, (_, i) => {
    const vpcIndex = i % o.vpcs;
    const region = o.regions[vpcIndex % o.regions.length];
    const accountId = accounts[vpcIndex % accounts.length];
    const vpcName = `fleet-${String(vpcIndex).padStart(3, '0')}`;
    const serviceName = `svc-${String(i).padStart(4, '0')}`;
    return {
      serviceName,
      clusterName: vpcName,
      serviceArn: serviceArn(region, accountId, vpcName, serviceName),
      region,
      accountId,
      vpcName,
      vpcIndex,
      design: fleetDesign(vpcIndex),
    };
  });
}

function fleetVpc(
  name: string,
  region: string,
  index: number,
  design: FleetDesign,
): SandboxVpc {
  const cidrBlock = `10.${index % 256}.0.0/16`;
  if (design === 'nat') return natVpc({ name, region, cidrBlock });
  return isolatedVpc({
    name,
    region,
    cidrBlock,
    interfaceEndpoints:
      design === 'missing-ecr-api'
        ? HEALTHY_ENDPOINTS.filter(e => e !== 'ecr.api')
        : HEALTHY_ENDPOINTS,
    s3Gateway:
      design === 's3-wrong-route-table'
        ? 'other-route-table'
        : 'task-route-table',
  });
}

function stoppedReasonFor(
  design: FleetDesign,
  region: string,
  accountId: string,
): string[] {
  if (design === 'missing-ecr-api') {
    return [
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
        'unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed ' +
        `caused by: Post "https://api.ecr.${region}.amazonaws.com/": dial tcp 52.95.122.38:443: i/o timeout`,
    ];
  }
  if (design === 's3-wrong-route-table') {
    return [
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: ' +
        `failed to do request: Get "https://prod-${region}-starport-layer-bucket.s3.${region}.amazonaws.com/` +
        `a1b2c3-${accountId}-0f1e2d3c/layer": dial tcp 52.218.30.66:443: i/o timeout`,
    ];
  }
  return [];
}

/**
 * A benchmark fleet (default 1000 services in 100 VPCs across 3 regions), deterministic:
 * the same options always give the same ids. See {@link fleetDesign} for which VPCs are broken.
 */
export function createFleetWorld(options?: FleetOptions): SandboxWorld {
  const o = resolved(options);
  const world = sandboxWorld({
    defaultAccountId: o.accountId,
    accessKeys: Object.fromEntries(
      fleetAccountIds(options).map(id => [fleetAccessKeyId(id), id]),
    ),
  });
  const plans = describeFleet(options);
  const vpcs = new Map<number, SandboxVpc>();
  for (const plan of plans) {
    if (!vpcs.has(plan.vpcIndex)) {
      const vpc = fleetVpc(
        plan.vpcName,
        plan.region,
        plan.vpcIndex,
        plan.design,
      );
      vpcs.set(plan.vpcIndex, vpc);
      addToWorld(world, plan, { vpcs: [vpc] });
    }
    const fixture = ecsService({
      serviceName: plan.serviceName,
      clusterName: plan.clusterName,
      region: plan.region,
      accountId: plan.accountId,
      vpc: vpcs.get(plan.vpcIndex),
      image: ecrImage(plan.accountId, plan.region, plan.serviceName),
      stoppedTasks: stoppedReasonFor(
        plan.design,
        plan.region,
        plan.accountId,
      ).map(stoppedReason => ({
        stoppedReason,
      })),
    });
    addToWorld(world, plan, { services: [fixture] });
  }
  return world;
}
