import { createHash } from 'node:crypto';
import type { SandboxPrefixList } from './types';
import { endpointServiceName } from '@fargate-endpoints/plugin-fargate-endpoints-common';

// The real ids of the AWS-managed prefix lists in the regions the fixtures use; other
// regions get a stable made-up id. CIDRs are a representative subset of the real ones.
const KNOWN_IDS: Record<string, { s3: string; dynamodb: string }> = {
  'us-east-1': { s3: 'pl-63a5400a', dynamodb: 'pl-02cd2c6b' },
  'eu-west-1': { s3: 'pl-6da54004', dynamodb: 'pl-6fa54006' },
  'ap-southeast-2': { s3: 'pl-6ca54005', dynamodb: 'pl-62a5400b' },
};

const S3_CIDRS: Record<string, string[]> = {
  'us-east-1': [
    '16.182.0.0/16',
    '18.34.0.0/19',
    '3.5.0.0/19',
    '52.216.0.0/15',
    '54.231.0.0/16',
  ],
  'eu-west-1': ['3.5.64.0/21', '3.5.72.0/23', '52.218.0.0/17', '52.92.0.0/17'],
  'ap-southeast-2': [
    '3.5.164.0/22',
    '3.5.168.0/23',
    '52.95.128.0/21',
    '54.231.248.0/22',
  ],
};

function madeUpId(region: string, service: string): string {
  return `pl-${createHash('sha1')
    .update(`${region}:${service}`)
    .digest('hex')
    .slice(0, 8)}`;
}

/** The id of the AWS-managed S3 prefix list of a region (`com.amazonaws.<region>.s3`). */
export function s3PrefixListId(region: string): string {
  return KNOWN_IDS[region]?.s3 ?? madeUpId(region, 's3');
}

/** The AWS-managed prefix lists every region has: S3 and DynamoDB. */
export function awsManagedPrefixLists(region: string): SandboxPrefixList[] {
  return [
    {
      id: s3PrefixListId(region),
      name: endpointServiceName(region, 's3'),
      cidrs: S3_CIDRS[region] ?? ['52.219.0.0/20', '3.5.0.0/21'],
    },
    {
      id: KNOWN_IDS[region]?.dynamodb ?? madeUpId(region, 'dynamodb'),
      name: endpointServiceName(region, 'dynamodb'),
      cidrs: ['52.94.0.0/22', '52.119.224.0/20'],
    },
  ];
}
