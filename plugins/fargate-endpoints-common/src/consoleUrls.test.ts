import {
  awsConsoleUrl,
  ecsServiceConsoleUrl,
  logGroupConsoleUrl,
} from './consoleUrls';

describe('awsConsoleUrl', () => {
  const region = 'eu-west-1';
  const vpcConsole = `https://console.aws.amazon.com/vpcconsole/home?region=eu-west-1#`;

  it.each([
    [
      'vpce-0a1b2c3d4e5f60718',
      'EndpointDetails:vpcEndpointId=vpce-0a1b2c3d4e5f60718',
    ],
    ['sg-0a1b2c3d4e5f60718', 'SecurityGroup:groupId=sg-0a1b2c3d4e5f60718'],
    [
      'rtb-0a1b2c3d4e5f60718',
      'RouteTableDetails:RouteTableId=rtb-0a1b2c3d4e5f60718',
    ],
    [
      'acl-0a1b2c3d4e5f60718',
      'NetworkAclDetails:networkAclId=acl-0a1b2c3d4e5f60718',
    ],
    [
      'subnet-0a1b2c3d4e5f60718',
      'SubnetDetails:subnetId=subnet-0a1b2c3d4e5f60718',
    ],
    ['vpc-0a1b2c3d4e5f60718', 'VpcDetails:VpcId=vpc-0a1b2c3d4e5f60718'],
  ])('links %s to its VPC console page', (resourceId, fragment) => {
    expect(awsConsoleUrl(resourceId, region)).toBe(`${vpcConsole}${fragment}`);
  });

  it('does not mistake a vpce- id for a vpc- id', () => {
    expect(awsConsoleUrl('vpce-0123', region)).toContain('EndpointDetails');
  });

  it('links an ECS service ARN to the ECS console in the ARN region', () => {
    expect(
      awsConsoleUrl(
        'arn:aws:ecs:us-east-2:111122223333:service/prod/payments',
        region,
      ),
    ).toBe(
      'https://console.aws.amazon.com/ecs/v2/clusters/prod/services/payments/health?region=us-east-2',
    );
  });

  it('uses the console of the partition: China and GovCloud', () => {
    expect(awsConsoleUrl('sg-0123', 'cn-north-1')).toBe(
      'https://console.amazonaws.cn/vpcconsole/home?region=cn-north-1#SecurityGroup:groupId=sg-0123',
    );
    expect(
      ecsServiceConsoleUrl(
        'arn:aws-us-gov:ecs:us-gov-west-1:111122223333:service/prod/payments',
        'logs',
      ),
    ).toBe(
      'https://console.amazonaws-us-gov.com/ecs/v2/clusters/prod/services/payments/logs?region=us-gov-west-1',
    );
  });

  it('gives no link for unknown ids, a missing id or a malformed region', () => {
    expect(awsConsoleUrl('nat-0a1b2c3d4e5f60718', region)).toBeUndefined();
    expect(awsConsoleUrl(undefined, region)).toBeUndefined();
    expect(awsConsoleUrl('sg-0123', undefined)).toBeUndefined();
    expect(awsConsoleUrl('sg-0123', 'evil.com/#')).toBeUndefined();
    // A region outside the ARN's partition is not a real ARN.
    expect(
      awsConsoleUrl(
        'arn:aws:ecs:cn-north-1:111122223333:service/prod/payments',
        region,
      ),
    ).toBeUndefined();
    // The old ARN format has no cluster name, which the console URL needs.
    expect(
      awsConsoleUrl(
        'arn:aws:ecs:us-east-2:111122223333:service/payments',
        region,
      ),
    ).toBeUndefined();
  });
});

describe('logGroupConsoleUrl', () => {
  it('encodes the log group the way the CloudWatch console does', () => {
    expect(logGroupConsoleUrl('/ecs/payments-api', 'eu-west-1')).toBe(
      'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fpayments-api',
    );
    expect(logGroupConsoleUrl('/ecs/x', 'nowhere-1')).toBeUndefined();
  });
});
