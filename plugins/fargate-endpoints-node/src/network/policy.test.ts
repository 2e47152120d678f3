import {
  evaluatePolicy,
  isDefaultPolicy,
  parsePolicy,
  wildcardMatch,
} from './policy';

function policy(...statements: object[]) {
  const parsed = parsePolicy(
    JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  );
  if (!parsed) throw new Error('bad policy');
  return parsed;
}
const allowAll = {
  Effect: 'Allow',
  Principal: '*',
  Action: '*',
  Resource: '*',
};
const layer = 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/docker/layer';

describe('evaluatePolicy', () => {
  it('allows under the default full-access policy', () => {
    expect(
      evaluatePolicy(policy(allowAll), { action: 'ecr:BatchGetImage' }),
    ).toEqual(
      expect.objectContaining({ decision: 'allowed', uncertain: false }),
    );
  });

  it('lets an explicit Deny win over an Allow', () => {
    const p = policy(allowAll, {
      Sid: 'NoPull',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'ecr:BatchGetImage',
      Resource: '*',
    });
    expect(evaluatePolicy(p, { action: 'ecr:BatchGetImage' })).toMatchObject({
      decision: 'explicitly-denied',
      statement: 'NoPull',
    });
  });

  it('matches actions case-insensitively with * and ? wildcards', () => {
    const p = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: ['ECR:Get*', 'ecr:BatchGetImag?'],
      Resource: '*',
    });
    expect(
      evaluatePolicy(p, { action: 'ecr:GetAuthorizationToken' }).decision,
    ).toBe('allowed');
    expect(evaluatePolicy(p, { action: 'ecr:BatchGetImage' }).decision).toBe(
      'allowed',
    );
    expect(evaluatePolicy(p, { action: 'ecr:PutImage' }).decision).toBe(
      'not-allowed',
    );
  });

  it('honours NotAction', () => {
    const p = policy({
      Effect: 'Allow',
      Principal: '*',
      NotAction: 's3:Delete*',
      Resource: '*',
    });
    expect(evaluatePolicy(p, { action: 's3:GetObject' }).decision).toBe(
      'allowed',
    );
    expect(evaluatePolicy(p, { action: 's3:DeleteObject' }).decision).toBe(
      'not-allowed',
    );
  });

  it('matches resources case-sensitively and honours NotResource', () => {
    const own = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::my-bucket/*',
    });
    expect(
      evaluatePolicy(own, { action: 's3:GetObject', resource: layer }).decision,
    ).toBe('not-allowed');
    const layers = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*',
    });
    expect(
      evaluatePolicy(layers, { action: 's3:GetObject', resource: layer })
        .decision,
    ).toBe('allowed');
    const notLayers = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      NotResource: 'arn:aws:s3:::prod-*',
    });
    expect(
      evaluatePolicy(notLayers, { action: 's3:GetObject', resource: layer })
        .decision,
    ).toBe('not-allowed');
  });

  it('counts a conditional Allow as allowing but uncertain, and ignores a conditional Deny', () => {
    const conditional = policy({
      ...allowAll,
      Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } },
    });
    expect(
      evaluatePolicy(conditional, { action: 'logs:PutLogEvents' }),
    ).toEqual(
      expect.objectContaining({ decision: 'allowed', uncertain: true }),
    );
    const conditionalDeny = policy(allowAll, {
      Effect: 'Deny',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(
      evaluatePolicy(conditionalDeny, { action: 'logs:PutLogEvents' }),
    ).toEqual(
      expect.objectContaining({ decision: 'allowed', uncertain: true }),
    );
  });

  it('treats a named principal as uncertain, and an unnamed resource as uncertain only when specific', () => {
    const role = policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/exec' },
      Action: '*',
      Resource: '*',
    });
    expect(evaluatePolicy(role, { action: 'ssm:GetParameters' })).toMatchObject(
      { decision: 'allowed', uncertain: true },
    );
    const secret = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-*',
    });
    expect(
      evaluatePolicy(secret, { action: 'secretsmanager:GetSecretValue' }),
    ).toMatchObject({ decision: 'allowed', uncertain: true });
  });
});

describe('isDefaultPolicy', () => {
  it('recognises the AWS default and absent policies only', () => {
    expect(isDefaultPolicy(undefined)).toBe(true);
    expect(isDefaultPolicy(JSON.stringify({ Statement: [allowAll] }))).toBe(
      true,
    );
    expect(
      isDefaultPolicy(
        JSON.stringify({ Statement: [{ ...allowAll, Action: 's3:*' }] }),
      ),
    ).toBe(false);
  });

  it('matches wildcards exactly, not as regular expressions', () => {
    expect(wildcardMatch('s3:Get.bject', 's3:GetObject', true)).toBe(false);
  });
});
