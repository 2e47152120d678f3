import {
  healthyIsolatedSnapshot,
  withEndpoint,
  FIXTURE_IDS as ids,
  fixtureEndpointId,
} from '../testing/fixtures';
import { check, fired } from './testReport';

const doc = (...Statement: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });
const layerBucket = 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*';

describe('endpoint-policy-denies', () => {
  it('stays quiet with default policies', () => {
    expect(fired(check(), 'endpoint-policy-denies')).toEqual([]);
  });

  it('fires when the S3 gateway policy allows only the team bucket', () => {
    const policy = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: [
        'arn:aws:s3:::payments-artifacts',
        'arn:aws:s3:::payments-artifacts/*',
      ],
    });
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 's3', { policyDocument: policy }),
    );
    expect(fired(r, 'endpoint-policy-denies')).toEqual([`s3 ${ids.s3Gateway}`]);
    expect(r.findings[0].message).toMatch(
      /s3:GetObject on arn:aws:s3:::prod-us-east-1-starport-layer-bucket/,
    );
    expect(r.findings[0].message).toMatch(/unexpected status code/);
    expect(r.findings[0].terraform).toContain(layerBucket);
    expect(r.endpoints.find(e => e.service === 's3')).toMatchObject({
      policy: 'custom',
      checks: { policy: 'fail' },
    });
  });

  it('stays quiet when the least-privilege S3 policy allows the layer bucket', () => {
    const policy = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: [layerBucket],
    });
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 's3', { policyDocument: policy }),
    );
    expect(fired(r, 'endpoint-policy-denies')).toEqual([]);
    expect(r.endpoints.find(e => e.service === 's3')!.checks.policy).toBe('ok');
  });

  it('fires when an explicit Deny on ecr.dkr wins over an Allow', () => {
    const policy = doc(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      {
        Sid: 'NoLayers',
        Effect: 'Deny',
        Principal: '*',
        Action: 'ecr:GetDownloadUrlForLayer',
        Resource: '*',
      },
    );
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 'ecr.dkr', {
        policyDocument: policy,
      }),
    );
    expect(fired(r, 'endpoint-policy-denies')).toEqual([
      `ecr.dkr ${fixtureEndpointId('ecr.dkr')}`,
    ]);
    expect(r.findings[0].message).toMatch(
      /ecr:GetDownloadUrlForLayer on arn:aws:ecr:us-east-1:111122223333:repository\/payments is explicitly denied by NoLayers/,
    );
  });

  it('checks ecr.dkr against the repositories of the task images', () => {
    const policy = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'ecr:*',
      Resource: 'arn:aws:ecr:us-east-1:111122223333:repository/orders',
    });
    expect(
      fired(
        check(
          withEndpoint(healthyIsolatedSnapshot(), 'ecr.dkr', {
            policyDocument: policy,
          }),
        ),
        'endpoint-policy-denies',
      ),
    ).toHaveLength(1);
    const own = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'ecr:*',
      Resource: 'arn:aws:ecr:us-east-1:111122223333:repository/pay*',
    });
    expect(
      fired(
        check(
          withEndpoint(healthyIsolatedSnapshot(), 'ecr.dkr', {
            policyDocument: own,
          }),
        ),
        'endpoint-policy-denies',
      ),
    ).toEqual([]);
  });

  it('gives a conditional Allow the benefit of the doubt, as a warning on the endpoint row', () => {
    const policy = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'logs:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } },
    });
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 'logs', {
        policyDocument: policy,
      }),
    );
    expect(fired(r, 'endpoint-policy-denies')).toEqual([]);
    expect(r.endpoints.find(e => e.service === 'logs')!.checks.policy).toBe(
      'warn',
    );
  });

  it('fires for logs when the policy allows neither CreateLogStream nor PutLogEvents', () => {
    const policy = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 'logs:DescribeLogGroups',
      Resource: '*',
    });
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 'logs', {
        policyDocument: policy,
      }),
    );
    expect(fired(r, 'endpoint-policy-denies')).toEqual([
      `logs ${fixtureEndpointId('logs')}`,
    ]);
    expect(r.findings[0].message).toMatch(
      /logs:CreateLogStream is not allowed by any statement; logs:PutLogEvents/,
    );
  });

  it('reports an unreadable policy as unknown instead of passing it', () => {
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 'logs', {
        policyDocument: '{not json',
      }),
    );
    expect(fired(r, 'endpoint-policy-denies')).toEqual([]);
    expect(r.unknown).toEqual([
      expect.objectContaining({ rules: ['endpoint-policy-denies'] }),
    ]);
    expect(r.verdict).toBe('unknown');
  });
});
