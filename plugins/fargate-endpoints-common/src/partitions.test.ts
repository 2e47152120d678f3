import { parseArn, parseEcsServiceArnOrProblem } from './arns';
import {
  consoleBaseUrl,
  endpointServiceName,
  endpointServiceSuffix,
  partitionOfRegion,
  regionDnsSuffix,
  validateRegion,
} from './partitions';

describe('partitions', () => {
  it('knows which partition a region is in', () => {
    expect(partitionOfRegion('eu-west-1')).toBe('aws');
    expect(partitionOfRegion('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOfRegion('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOfRegion('xx-fake-1')).toBeUndefined();
  });

  it('names China endpoint services as describe-vpc-endpoint-services lists them', () => {
    expect(endpointServiceName('cn-north-1', 'ecr.api')).toBe(
      'cn.com.amazonaws.cn-north-1.ecr.api',
    );
    expect(endpointServiceName('cn-northwest-1', 's3')).toBe(
      'cn.com.amazonaws.cn-northwest-1.s3',
    );
    for (const service of [
      'logs',
      'secretsmanager',
      'ssm',
      'ssmmessages',
      'kms',
    ]) {
      expect(endpointServiceName('cn-north-1', service)).toBe(
        `com.amazonaws.cn-north-1.${service}`,
      );
    }
    expect(endpointServiceName('us-gov-west-1', 'ecr.api')).toBe(
      'com.amazonaws.us-gov-west-1.ecr.api',
    );
  });

  it('reads the suffix back only from a name AWS would give the service in that region', () => {
    expect(
      endpointServiceSuffix(
        'cn-north-1',
        'cn.com.amazonaws.cn-north-1.ecr.dkr',
      ),
    ).toBe('ecr.dkr');
    expect(
      endpointServiceSuffix('cn-north-1', 'com.amazonaws.cn-north-1.ecr.dkr'),
    ).toBeUndefined();
    expect(
      endpointServiceSuffix('eu-west-1', 'com.amazonaws.eu-west-2.logs'),
    ).toBeUndefined();
  });

  it('knows DNS suffixes and consoles per partition', () => {
    expect(regionDnsSuffix('cn-north-1')).toBe('amazonaws.com.cn');
    expect(consoleBaseUrl('cn-north-1')).toBe('https://console.amazonaws.cn');
    expect(consoleBaseUrl('us-gov-east-1')).toBe(
      'https://console.amazonaws-us-gov.com',
    );
    expect(consoleBaseUrl('eu-west-1')).toBe('https://console.aws.amazon.com');
  });

  it('rejects a region outside the partition, naming both', () => {
    expect(validateRegion('eu-west-1', 'aws-cn')).toMatch(
      /^region eu-west-1 is in partition aws \(AWS\), not aws-cn; aws-cn regions are cn-north-1, cn-northwest-1/,
    );
    expect(validateRegion('xx-fake-1')).toMatch(/is not an AWS region/);
    expect(validateRegion('cn-north-1', 'aws-cn')).toBeUndefined();
  });
});

describe('ARNs', () => {
  it('parses ECS service ARNs of every partition', () => {
    expect(
      parseEcsServiceArnOrProblem(
        'arn:aws-cn:ecs:cn-north-1:123456789012:service/shop/api',
      ),
    ).toEqual({
      arn: {
        arn: 'arn:aws-cn:ecs:cn-north-1:123456789012:service/shop/api',
        partition: 'aws-cn',
        region: 'cn-north-1',
        accountId: '123456789012',
        clusterName: 'shop',
        serviceName: 'api',
      },
    });
  });

  it.each([
    ['arn:aws-cn:ecs:eu-west-1:123456789012:service/a/b', /in partition aws/],
    ['arn:aws:ecs:xx-fake-1:123456789012:service/a/b', /not an AWS region/],
    ['arn:aws:ecs:eu-west-1:1234:service/a/b', /not a 12-digit/],
    ['arn:aws:ecs:eu-west-1:123456789012:service/b', /not an ECS service ARN/],
    ['arn:aws-iso:ecs:us-iso-east-1:123456789012:service/a/b', /supported are/],
    ['payments', /not an ECS service ARN/],
  ])('rejects %s', (value, problem) => {
    const parsed = parseEcsServiceArnOrProblem(value);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });

  it('parses ARNs without region or account', () => {
    expect(
      parseArn('arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*'),
    ).toEqual({
      arn: expect.objectContaining({
        service: 's3',
        region: '',
        accountId: '',
      }),
    });
  });
});
