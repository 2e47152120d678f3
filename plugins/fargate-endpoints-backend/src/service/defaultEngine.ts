import {
  AwsAccessSettings,
  AwsReaderFactory,
  createAwsClients,
  createAwsReader,
  createActionGroupPacer,
  createLimiter,
  EC2_FILTER_VALUES_MAX,
  resolveSubnetVpcs,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { CallBatcher } from './callBatcher';
import { batchingEcsClient } from './ecsBatching';

/** Options of {@link createBatchingReaderFactory}. */
export interface BatchingReaderOptions {
  /** How long a batchable look-up waits for others to share its call (default 10 ms). */
  batchWindowMs?: number;
}

/**
 * The backend's readers: the engine's plain reader over SDK clients, paced and limited per
 * account, region and action group (one limiter and one pacer, shared by every reader of
 * the process), with the look-ups that AWS answers for many ids at once batched: DescribeServices
 * and DescribeTasks per cluster, DescribeSubnets per region.
 */
export function createBatchingReaderFactory(
  settings: AwsAccessSettings,
  options: BatchingReaderOptions = {},
): AwsReaderFactory {
  const limiter = createLimiter(settings.maxConcurrentReadsPerRegion);
  // One bucket per account, region and action group, each below AWS's own.
  const pacer = createActionGroupPacer(settings.requestRates);
  const windowMs = options.batchWindowMs ?? 10;
  return reader => {
    const clients = createAwsClients({
      region: reader.region,
      accountId: reader.accountId,
      credentials: reader.credentials,
      maxAttempts: reader.settings.maxAttempts,
      requestTimeoutMs: reader.settings.requestTimeoutMs,
      retryBaseDelayMs: reader.settings.retryBaseDelayMs,
      pacer,
    });
    const { ec2, ecs } = clients;
    const plain = createAwsReader(
      { ...clients, ecs: batchingEcsClient(ecs, { windowMs }) },
      { accountId: reader.accountId, limiter },
    );
    // The subnets of every service being located in this account and region, in one call.
    const subnetVpcs = new CallBatcher<Map<string, string>>({
      maxIds: EC2_FILTER_VALUES_MAX,
      windowMs,
      call: (_region, subnetIds) =>
        resolveSubnetVpcs(ec2, subnetIds, {
          limiter,
          accountId: reader.accountId,
        }),
    });
    return {
      ...plain,
      resolveSubnetVpcs: async subnetIds => {
        const vpcBySubnet = await subnetVpcs.request(reader.region, subnetIds);
        return new Map(
          subnetIds.flatMap(id => {
            const vpcId = vpcBySubnet.get(id);
            return vpcId ? [[id, vpcId] as [string, string]] : [];
          }),
        );
      },
    };
  };
}
