import { entityTarget, targetKey } from './entityTarget';

const networkEntity = (annotations: Record<string, string>) => ({
  metadata: {
    annotations: {
      'fargate-endpoints.io/region': 'eu-west-1',
      'fargate-endpoints.io/vpc-id': 'vpc-0a1b2c3d4e5f60718',
      'fargate-endpoints.io/subnet-ids':
        'subnet-0a1b2c3d4e5f60718,subnet-0b1c2d3e4f5a60718',
      'fargate-endpoints.io/security-group-ids': 'sg-0a1b2c3d4e5f60718',
      ...annotations,
    },
  },
});

const keyOf = (annotations: Record<string, string> = {}) =>
  targetKey(entityTarget(networkEntity(annotations), 'component:default/svc'));

describe('targetKey', () => {
  it('is the same for the same target, whatever the order of its lists', () => {
    expect(
      keyOf({
        'fargate-endpoints.io/subnet-ids':
          'subnet-0b1c2d3e4f5a60718,subnet-0a1b2c3d4e5f60718',
        'fargate-endpoints.io/needs': 'logs,ecr',
      }),
    ).toBe(keyOf({ 'fargate-endpoints.io/needs': 'ecr,logs' }));
  });

  it('changes with every field of the target, so a changed target is never served a stored result', () => {
    const base = keyOf();
    const variants: Record<string, string>[] = [
      { 'fargate-endpoints.io/region': 'eu-central-1' },
      { 'fargate-endpoints.io/account-id': '111111111111' },
      { 'fargate-endpoints.io/vpc-id': 'vpc-0f1e2d3c4b5a60718' },
      { 'fargate-endpoints.io/subnet-ids': 'subnet-0a1b2c3d4e5f60718' },
      { 'fargate-endpoints.io/security-group-ids': 'sg-0f1e2d3c4b5a60718' },
      { 'fargate-endpoints.io/needs': 'ecr,logs,ssm' },
    ];
    const changed = variants.map(annotations => keyOf(annotations));
    for (const key of changed) expect(key).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
  });

  it('tells an ECS service apart by its ARN, extra needs and network plan', () => {
    const arn = 'arn:aws:ecs:eu-west-1:111111111111:service/shop/payments-api';
    const ecs = (annotations: Record<string, string>) =>
      targetKey(
        entityTarget(
          {
            metadata: {
              annotations: {
                'aws.amazon.com/amazon-ecs-service-arn': arn,
                ...annotations,
              },
            },
          },
          'component:default/svc',
        ),
      );
    const base = ecs({});
    expect(ecs({ 'fargate-endpoints.io/needs': 'kms' })).not.toBe(base);
    expect(ecs({ 'fargate-endpoints.io/network-plan': 'isolated' })).not.toBe(
      base,
    );
    expect(
      ecs({
        'aws.amazon.com/amazon-ecs-service-arn': arn.replace(
          'payments-api',
          'orders-worker',
        ),
      }),
    ).not.toBe(base);
  });
});
