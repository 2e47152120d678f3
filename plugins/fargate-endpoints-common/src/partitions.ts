/**
 * AWS partitions: which regions belong to which partition, how VPC endpoint services are
 * named in each, and where its console lives. The one place that knows that China and
 * GovCloud differ; every package asks here (docs/domain.md#partitions).
 */

/**
 * The partitions the product supports.
 *
 * @public
 */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/**
 * What differs per partition.
 *
 * @public
 */
export interface PartitionInfo {
  id: AwsPartition;
  /** Human name, for messages. */
  name: string;
  /** DNS suffix of the public service endpoints (`api.ecr.<region>.<suffix>`). */
  dnsSuffix: string;
  /** Host of the AWS console. */
  consoleHost: string;
  /** Regions of the partition, in the order the template form offers them. */
  regions: readonly string[];
}

/**
 * The partitions and their regions (AWS General Reference, "Regions and Zones").
 *
 * @public
 */
export const AWS_PARTITIONS: Record<AwsPartition, PartitionInfo> = {
  aws: {
    id: 'aws',
    name: 'AWS',
    dnsSuffix: 'amazonaws.com',
    consoleHost: 'console.aws.amazon.com',
    regions: [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-7',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'eu-south-1',
      'eu-south-2',
      'eu-north-1',
      'il-central-1',
      'me-south-1',
      'me-central-1',
      'mx-central-1',
      'sa-east-1',
    ],
  },
  'aws-us-gov': {
    id: 'aws-us-gov',
    name: 'AWS GovCloud (US)',
    dnsSuffix: 'amazonaws.com',
    consoleHost: 'console.amazonaws-us-gov.com',
    regions: ['us-gov-east-1', 'us-gov-west-1'],
  },
  'aws-cn': {
    id: 'aws-cn',
    name: 'AWS China',
    dnsSuffix: 'amazonaws.com.cn',
    consoleHost: 'console.amazonaws.cn',
    regions: ['cn-north-1', 'cn-northwest-1'],
  },
};

/**
 * Every region the product accepts: commercial, GovCloud and China.
 *
 * @public
 */
export const AWS_REGIONS: readonly string[] = [
  ...AWS_PARTITIONS.aws.regions,
  ...AWS_PARTITIONS['aws-us-gov'].regions,
  ...AWS_PARTITIONS['aws-cn'].regions,
];

/**
 * True when the region is one the product knows.
 *
 * @public
 */
export function isKnownRegion(region: string): boolean {
  return AWS_REGIONS.includes(region);
}

/**
 * True when the value names a supported partition.
 *
 * @public
 */
export function isAwsPartition(value: string): value is AwsPartition {
  return Object.prototype.hasOwnProperty.call(AWS_PARTITIONS, value);
}

/**
 * The partition of a known region; undefined for a region the product does not know.
 *
 * @public
 */
export function partitionOfRegion(region: string): AwsPartition | undefined {
  return (Object.keys(AWS_PARTITIONS) as AwsPartition[]).find(p =>
    AWS_PARTITIONS[p].regions.includes(region),
  );
}

/**
 * An error message for a region that is unknown or outside the given partition (an ARN's),
 * naming the fix; undefined when the region is fine.
 *
 * @public
 */
export function validateRegion(
  region: string,
  partition?: string,
): string | undefined {
  const actual = partitionOfRegion(region);
  if (!actual) {
    return `"${region}" is not an AWS region the product knows (for example eu-west-1, us-gov-west-1, cn-north-1)`;
  }
  if (partition !== undefined && partition !== actual) {
    const info = isAwsPartition(partition)
      ? AWS_PARTITIONS[partition]
      : undefined;
    return `region ${region} is in partition ${actual} (${
      AWS_PARTITIONS[actual].name
    }), not ${partition}${
      info ? `; ${partition} regions are ${info.regions.join(', ')}` : ''
    }: use arn:${actual}:... or a ${partition} region`;
  }
  return undefined;
}

/**
 * Endpoint services that AWS China names `cn.com.amazonaws.<region>.<service>` instead of
 * `com.amazonaws.<region>.<service>`. From `describe-vpc-endpoint-services` in each region,
 * as aws-cdk records it (aws-ec2/lib/vpc-endpoint.ts, VPC_ENDPOINT_SERVICE_EXCEPTIONS).
 * Every service a Fargate task in this product can need that is not listed (logs,
 * secretsmanager, ssm, ssmmessages, kms, sns, ...) keeps `com.amazonaws.`.
 */
const CHINA_PREFIXED_IN_BOTH = [
  'application-autoscaling',
  'appmesh-envoy-management',
  'athena',
  'autoscaling',
  'awsconnector',
  'backup',
  'batch',
  'cassandra',
  'cloudcontrolapi',
  'cloudformation',
  'codedeploy-commands-secure',
  'databrew',
  'dms',
  'ebs',
  'ec2',
  'ecr.api',
  'ecr.dkr',
  'eks',
  'elasticache',
  'elasticbeanstalk',
  'elasticfilesystem',
  'elasticfilesystem-fips',
  'emr-containers',
  'execute-api',
  'fsx',
  'imagebuilder',
  'iot.data',
  'kinesis-streams',
  'lambda',
  'license-manager',
  'monitoring',
  'rds',
  'redshift',
  'redshift-data',
  's3',
  'sagemaker.api',
  'sagemaker.featurestore-runtime',
  'sagemaker.runtime',
  'securityhub',
  'servicecatalog',
  'sms',
  'sqs',
  'states',
  'sts',
  'sync-states',
  'synthetics',
  'transcribe',
  'transcribestreaming',
  'transfer',
  'xray',
];
const CHINA_PREFIXED_SERVICES: Record<string, readonly string[]> = {
  'cn-north-1': [
    ...CHINA_PREFIXED_IN_BOTH,
    'iotsitewise.api',
    'iotsitewise.data',
  ],
  'cn-northwest-1': [
    ...CHINA_PREFIXED_IN_BOTH,
    'account',
    'polly',
    'workspaces',
  ],
};

/**
 * The reverse-DNS prefix of an endpoint service in a region: `com.amazonaws` or `cn.com.amazonaws`.
 *
 * @public
 */
export function endpointServicePrefix(region: string, service: string): string {
  return CHINA_PREFIXED_SERVICES[region]?.includes(service)
    ? 'cn.com.amazonaws'
    : 'com.amazonaws';
}

/**
 * The full endpoint service name, for example `com.amazonaws.eu-west-1.ecr.api` or, in
 * China, `cn.com.amazonaws.cn-north-1.ecr.api`.
 *
 * @public
 */
export function endpointServiceName(region: string, service: string): string {
  return `${endpointServicePrefix(region, service)}.${region}.${service}`;
}

/**
 * The service suffix of a full endpoint service name in the region (`ecr.api` for
 * `cn.com.amazonaws.cn-north-1.ecr.api`); undefined when the name is not an AWS service of
 * that region (another region, a PrivateLink partner service, a typo).
 *
 * @public
 */
export function endpointServiceSuffix(
  region: string,
  serviceName: string,
): string | undefined {
  for (const prefix of ['com.amazonaws', 'cn.com.amazonaws']) {
    const start = `${prefix}.${region}.`;
    if (!serviceName.startsWith(start)) continue;
    const service = serviceName.slice(start.length);
    if (service && endpointServiceName(region, service) === serviceName)
      return service;
  }
  return undefined;
}

/**
 * The DNS suffix of the region's public endpoints (`amazonaws.com`, `amazonaws.com.cn`).
 *
 * @public
 */
export function regionDnsSuffix(region: string): string {
  return AWS_PARTITIONS[partitionOfRegion(region) ?? 'aws'].dnsSuffix;
}

/**
 * The console's base URL for the region's partition, `https://console.aws.amazon.com`.
 *
 * @public
 */
export function consoleBaseUrl(region: string): string {
  return `https://${
    AWS_PARTITIONS[partitionOfRegion(region) ?? 'aws'].consoleHost
  }`;
}
