import { awsChangeOf } from './awsChange';

/** An EventBridge event of a CloudTrail management event, as SQS delivers its body. */
function cloudTrail(detail: Record<string, unknown>) {
  return {
    version: '0',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: '111111111111',
    region: 'eu-west-1',
    time: '2026-12-08T01:00:00Z',
    detail: {
      eventVersion: '1.09',
      awsRegion: 'eu-west-1',
      recipientAccountId: '111111111111',
      eventTime: '2026-12-08T01:00:00Z',
      ...detail,
    },
  };
}

describe('awsChangeOf', () => {
  it('names the endpoints a DeleteVpcEndpoints call deletes, with the account, region and time', () => {
    expect(
      awsChangeOf(
        cloudTrail({
          eventSource: 'ec2.amazonaws.com',
          eventName: 'DeleteVpcEndpoints',
          requestParameters: {
            DeleteVpcEndpointsRequest: {
              VpcEndpointId: { tag: 1, content: 'vpce-0a1b2c3d4e5f60718' },
            },
          },
          responseElements: {
            DeleteVpcEndpointsResponse: { unsuccessful: '' },
          },
        }),
      ),
    ).toEqual({
      eventName: 'DeleteVpcEndpoints',
      accountId: '111111111111',
      region: 'eu-west-1',
      at: Date.parse('2026-12-08T01:00:00Z'),
      vpcIds: [],
      resourceIds: ['vpce-0a1b2c3d4e5f60718'],
      services: [],
      zoneIds: [],
    });
  });

  it('names the VPC of ModifyVpcAttribute and the group of a revoked rule', () => {
    expect(
      awsChangeOf(
        cloudTrail({
          eventSource: 'ec2.amazonaws.com',
          eventName: 'ModifyVpcAttribute',
          requestParameters: {
            vpcId: 'vpc-053a690d98a45f18f',
            enableDnsSupport: { value: false },
          },
        }),
      )?.vpcIds,
    ).toEqual(['vpc-053a690d98a45f18f']);
    expect(
      awsChangeOf(
        cloudTrail({
          eventSource: 'ec2.amazonaws.com',
          eventName: 'RevokeSecurityGroupEgress',
          requestParameters: { groupId: 'sg-0a1b2c3d4e5f60718' },
        }),
      )?.resourceIds,
    ).toEqual(['sg-0a1b2c3d4e5f60718']);
  });

  it('names the ECS service an UpdateService changes, and the zone of a Route 53 association', () => {
    expect(
      awsChangeOf(
        cloudTrail({
          eventSource: 'ecs.amazonaws.com',
          eventName: 'UpdateService',
          requestParameters: { cluster: 'shop', service: 'payments-api' },
        }),
      )?.services,
    ).toEqual(['payments-api']);
    expect(
      awsChangeOf(
        cloudTrail({
          eventSource: 'route53.amazonaws.com',
          eventName: 'DisassociateVPCFromHostedZone',
          requestParameters: {
            hostedZoneId: 'Z0123456789ABCDEFGHIJ',
            vPC: { vPCId: 'vpc-053a690d98a45f18f', vPCRegion: 'eu-west-1' },
          },
        }),
      ),
    ).toMatchObject({
      zoneIds: ['Z0123456789ABCDEFGHIJ'],
      vpcIds: ['vpc-053a690d98a45f18f'],
    });
  });

  it('is no change for reads, calls it does not watch, failed calls and what is not CloudTrail', () => {
    const read = cloudTrail({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeVpcEndpoints',
      requestParameters: { vpcEndpointId: 'vpce-0a1b2c3d4e5f60718' },
    });
    const failed = cloudTrail({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteVpcEndpoints',
      errorCode: 'Client.UnauthorizedOperation',
      requestParameters: { vpcEndpointId: 'vpce-0a1b2c3d4e5f60718' },
    });
    expect(awsChangeOf(read)).toBeUndefined();
    expect(awsChangeOf(failed)).toBeUndefined();
    expect(awsChangeOf({ hello: 'world' })).toBeUndefined();
    expect(awsChangeOf('not json')).toBeUndefined();
  });
});
