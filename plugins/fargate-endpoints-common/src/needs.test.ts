import { endpointRequirements, validateNeed } from './needs';

describe('endpointRequirements', () => {
  it('expands ecr into ecr.api, ecr.dkr and the S3 gateway', () => {
    expect(endpointRequirements(['ecr', 'logs'])).toEqual([
      { service: 'ecr.api', type: 'Interface', need: 'ecr' },
      { service: 'ecr.dkr', type: 'Interface', need: 'ecr' },
      { service: 's3', type: 'Gateway', need: 'ecr' },
      { service: 'logs', type: 'Interface', need: 'logs' },
    ]);
  });

  it('maps exec to ssmmessages and keeps custom suffixes as interface endpoints', () => {
    expect(endpointRequirements(['exec', 'kms']).map(r => r.service)).toEqual([
      'ssmmessages',
      'kms',
    ]);
  });
});

describe('validateNeed', () => {
  it('accepts known aliases and service suffixes', () => {
    expect(validateNeed('ecr')).toBeUndefined();
    expect(validateNeed('xray')).toBeUndefined();
  });

  it('names the fix for needs that are wrong', () => {
    expect(validateNeed('ecs')).toMatch(/not used by Fargate/);
    expect(validateNeed('ecr.dkr')).toMatch(/use "ecr"/);
    expect(validateNeed('Bad Need')).toMatch(/unknown need/);
  });
});
