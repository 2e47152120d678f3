import {
  buildServiceSpec,
  createAwsClients,
  createLimiter,
  createRequestPacer,
  limiterKey,
  evaluateService,
  networkServiceSpec,
  readEcsService,
  readS3PrefixList,
  readVpcSnapshot,
  RequestRate,
  resolveSubnetVpcs,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { CallBatcher } from './callBatcher';
import { DEFAULT_EC2_REQUEST_RATE, DEFAULT_ECS_REQUEST_RATE } from './config';
import { batchingEcsClient } from './ecsBatching';
import { AwsRegionReaderOptions, FargateEndpointsEngine } from './engine';

/** Options of {@link createDefaultEngine}. */
export interface DefaultEngineOptions {
  /** EC2 calls in flight per account and region. */
  maxConcurrentReadsPerRegion: number;
  /** Pacing of EC2 attempts per account and region. */
  ec2RequestRate?: RequestRate;
  /** Pacing of ECS attempts per account and region. */
  ecsRequestRate?: RequestRate;
  /** How long a batchable look-up waits for others to share its call (default 10 ms). */
  batchWindowMs?: number;
}

/** EC2 accepts at most 200 values in one filter. */
const SUBNETS_PER_CALL = 200;

/**
 * The real engine: SDK clients per account and region; one concurrency limiter and one pacer
 * per service (EC2, ECS) shared by every reader of the process, each keyed by account and
 * region itself; and batching of the look-ups that AWS answers for many ids at once.
 */
export function createDefaultEngine(
  options: DefaultEngineOptions,
): FargateEndpointsEngine {
  const limiter = createLimiter(options.maxConcurrentReadsPerRegion);
  const ec2Pacer = createRequestPacer(
    options.ec2RequestRate ?? DEFAULT_EC2_REQUEST_RATE,
  );
  const ecsPacer = createRequestPacer(
    options.ecsRequestRate ?? DEFAULT_ECS_REQUEST_RATE,
  );
  const windowMs = options.batchWindowMs ?? 10;
  return {
    createRegionReader(reader: AwsRegionReaderOptions) {
      const { ec2, ecs } = createAwsClients({
        region: reader.region,
        accountId: reader.accountId,
        credentials: reader.credentials,
        maxAttempts: reader.maxAttempts,
        requestTimeoutMs: reader.requestTimeoutMs,
        retryBaseDelayMs: reader.retryBaseDelayMs,
        ec2Pacer,
        ecsPacer,
      });
      const target = { region: reader.region, accountId: reader.accountId };
      const batchedEcs = batchingEcsClient(ecs, { windowMs });
      // The subnets of every service being located in this account and region, in one call.
      const subnetVpcs = new CallBatcher<Map<string, string>>({
        maxIds: SUBNETS_PER_CALL,
        windowMs,
        call: (_region, subnetIds) =>
          resolveSubnetVpcs(ec2, subnetIds, {
            limiter,
            accountId: reader.accountId,
          }),
      });
      return {
        readVpcSnapshot: (vpcId, s3PrefixList) =>
          readVpcSnapshot(ec2, { ...target, vpcId }, { s3PrefixList, limiter }),
        readS3PrefixList: () =>
          limiter.run(limiterKey(reader.region, reader.accountId), () =>
            readS3PrefixList(ec2, reader.region),
          ),
        readEcsService: serviceArn => readEcsService(batchedEcs, serviceArn),
        resolveSubnetVpcs: async subnetIds => {
          const vpcBySubnet = await subnetVpcs.request(
            reader.region,
            subnetIds,
          );
          return new Map(
            subnetIds.flatMap(id => {
              const vpcId = vpcBySubnet.get(id);
              return vpcId ? [[id, vpcId] as [string, string]] : [];
            }),
          );
        },
      };
    },
    buildServiceSpec,
    networkServiceSpec,
    evaluateService,
  };
}
