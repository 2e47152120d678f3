import {
  buildServiceSpec,
  createAwsClients,
  createLimiter,
  limiterKey,
  evaluateService,
  networkServiceSpec,
  readEcsService,
  readS3PrefixList,
  readVpcSnapshot,
  resolveSubnetVpcs,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { AwsRegionReaderOptions, FargateEndpointsEngine } from './engine';

/**
 * The real engine: SDK clients per account and region, and one throttle limiter shared by
 * every reader of the process (it keys its slots by account and region itself).
 */
export function createDefaultEngine(options: {
  maxConcurrentReadsPerRegion: number;
}): FargateEndpointsEngine {
  const limiter = createLimiter(options.maxConcurrentReadsPerRegion);
  return {
    createRegionReader(reader: AwsRegionReaderOptions) {
      const { ec2, ecs } = createAwsClients({
        region: reader.region,
        credentials: reader.credentials,
        maxAttempts: reader.maxAttempts,
        requestTimeoutMs: reader.requestTimeoutMs,
      });
      const target = { region: reader.region, accountId: reader.accountId };
      return {
        readVpcSnapshot: (vpcId, s3PrefixList) =>
          readVpcSnapshot(ec2, { ...target, vpcId }, { s3PrefixList, limiter }),
        readS3PrefixList: () =>
          limiter.run(limiterKey(reader.region, reader.accountId), () =>
            readS3PrefixList(ec2, reader.region),
          ),
        // ECS throttles in its own bucket, apart from EC2's; the SDK's retries handle it.
        readEcsService: serviceArn => readEcsService(ecs, serviceArn),
        resolveSubnetVpcs: subnetIds =>
          resolveSubnetVpcs(ec2, subnetIds, {
            limiter,
            accountId: reader.accountId,
          }),
      };
    },
    buildServiceSpec,
    networkServiceSpec,
    evaluateService,
  };
}
