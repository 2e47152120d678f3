import {
  FIXTURE_IDS as ids,
  healthyIsolatedSnapshot,
  withDefaultRoute,
  withoutEndpoint,
} from '../testing/fixtures';
import { check, fired } from './testReport';

const serviceArn = 'arn:aws:ecs:us-east-1:111122223333:service/prod/payments';

describe('public-ip-required', () => {
  it('stays quiet on isolated subnets and on public subnets with a public IP', () => {
    expect(fired(check(), 'public-ip-required')).toEqual([]);
    expect(
      fired(
        check(withDefaultRoute(healthyIsolatedSnapshot(), 'igw-0abc'), {
          assignPublicIp: 'ENABLED',
        }),
        'public-ip-required',
      ),
    ).toEqual([]);
  });

  it('fires on a public path with assignPublicIp DISABLED', () => {
    const r = check(withDefaultRoute(healthyIsolatedSnapshot(), 'igw-0abc'), {
      assignPublicIp: 'DISABLED',
    });
    expect(r.path).toBe('public');
    expect(fired(r, 'public-ip-required')).toEqual([`- ${serviceArn}`]);
    expect(r.findings[0].terraform).toMatch(/assign_public_ip = true/);
    expect(r.verdict).toBe('not-ready');
  });

  it('is unknown when the public IP setting was not given', () => {
    const r = check(withDefaultRoute(healthyIsolatedSnapshot(), 'igw-0abc'), {
      assignPublicIp: undefined,
    });
    expect(fired(r, 'public-ip-required')).toEqual([]);
    expect(r.unknown).toEqual([
      expect.objectContaining({
        check: 'public IP assignment',
        rules: ['public-ip-required'],
      }),
    ]);
    expect(r.verdict).toBe('unknown');
  });
});

describe('custom-egress', () => {
  it('stays quiet on the healthy VPC', () => {
    expect(fired(check(), 'custom-egress')).toEqual([]);
  });

  it('warns for a transit gateway route and does not call missing endpoints errors', () => {
    const r = check(
      withoutEndpoint(
        withDefaultRoute(healthyIsolatedSnapshot(), 'tgw-0abc'),
        'logs',
      ),
    );
    expect(r.path).toBe('custom');
    expect(fired(r, 'custom-egress')).toEqual([`- ${ids.privateRouteTable}`]);
    expect(r.findings[0].message).toContain('tgw-0abc');
    expect(fired(r, 'missing-endpoint')).toEqual([]);
    expect(r.verdict).toBe('ready');
  });
});

describe('nat-egress', () => {
  it('stays quiet on the healthy VPC', () => {
    expect(fired(check(), 'nat-egress')).toEqual([]);
  });

  it('reports the NAT gateway as info with a cost estimate', () => {
    const r = check(withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc123'));
    expect(fired(r, 'nat-egress')).toEqual(['- nat-0abc123']);
    expect(r.findings[0].severity).toBe('info');
    expect(r.findings[0].message).toMatch(/\$43\.80 a month/);
    // Without any endpoint the estimate still prices the endpoints that would replace NAT.
    let bare = withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc123');
    for (const s of ['ecr.api', 'ecr.dkr', 'logs'])
      bare = withoutEndpoint(bare, s);
    expect(check(bare).cost).toMatchObject({ endpointsMonthly: 43.8 });
    expect(r.findings[0].message).toMatch(/\$36\.50 for one NAT gateway/);
  });
});
