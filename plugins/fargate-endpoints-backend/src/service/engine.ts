import type { AwsCredentialProvider } from '@backstage/integration-aws-node';
import type {
  CheckReport,
  Need,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  EcsServiceRead,
  NetworkCheckInput,
  PrefixList,
  ServiceSpec,
  VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';

/** The AWS reads the service makes in one account and region. */
export interface AwsRegionReader {
  /** Reads one VPC; AWS faults are listed in the snapshot, a missing VPC throws NotFoundError. */
  readVpcSnapshot(
    vpcId: string,
    s3PrefixList: Promise<PrefixList | undefined>,
  ): Promise<VpcSnapshot>;
  /** Reads the region's S3 prefix list; throws on AWS faults. */
  readS3PrefixList(): Promise<PrefixList | undefined>;
  /** Reads an ECS service: network configuration, task definition, stopped tasks. */
  readEcsService(serviceArn: string): Promise<EcsServiceRead>;
  /** The VPC of each subnet. */
  resolveSubnetVpcs(subnetIds: string[]): Promise<Map<string, string>>;
}

/** Where and as whom a region reader reads. */
export interface AwsRegionReaderOptions {
  region: string;
  /** The account, when known; undefined means the main account. */
  accountId?: string;
  credentials: AwsCredentialProvider['sdkCredentialProvider'];
  requestTimeoutMs: number;
  maxAttempts: number;
  /** Base of the backoff between attempts; the SDK's own when undefined. */
  retryBaseDelayMs?: number;
}

/**
 * The engine as the backend uses it: AWS reads per account and region, and the pure rule
 * evaluation. Injected so that the service can be tested with fakes as well as with the
 * real engine over the AWS sandbox.
 */
export interface FargateEndpointsEngine {
  /** Builds the reader of one account and region (SDK clients and the throttle limiter). */
  createRegionReader(options: AwsRegionReaderOptions): AwsRegionReader;
  /** What the rules need to know about an ECS service. */
  buildServiceSpec(
    read: EcsServiceRead,
    vpcId: string,
    extraNeeds?: Need[],
  ): ServiceSpec;
  /** What the rules need to know about explicit network inputs. */
  networkServiceSpec(input: NetworkCheckInput): ServiceSpec;
  /** Evaluates the rule catalogue; pure. */
  evaluateService(snapshot: VpcSnapshot, spec: ServiceSpec): CheckReport;
}
