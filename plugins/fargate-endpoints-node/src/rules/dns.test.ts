import {
  FIXTURE_IDS as ids,
  fixtureEndpointId,
  healthyIsolatedSnapshot,
  withDefaultRoute,
  withEndpoint,
  withoutEndpoint,
} from '../testing/fixtures';
import { check, fired } from './testReport';

describe('private-dns-disabled', () => {
  it('stays quiet on the healthy VPC', () => {
    expect(fired(check(), 'private-dns-disabled')).toEqual([]);
  });

  it('fires on an isolated path', () => {
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 'ecr.api', {
        privateDnsEnabled: false,
      }),
    );
    expect(fired(r, 'private-dns-disabled')).toEqual([
      `ecr.api ${fixtureEndpointId('ecr.api')}`,
    ]);
    expect(r.findings[0].message).toContain(
      'resolve api.ecr.us-east-1.amazonaws.com',
    );
    expect(r.findings[0].fix).toMatch(/--private-dns-enabled/);
    expect(r.findings[0].message).toMatch(
      /unable to pull secrets or registry auth/,
    );
  });

  it('is no error on a NAT path, where the endpoint is simply bypassed', () => {
    const snapshot = withEndpoint(
      withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc'),
      'ecr.api',
      { privateDnsEnabled: false },
    );
    const r = check(snapshot);
    expect(fired(r, 'private-dns-disabled')).toEqual([]);
    expect(
      r.endpoints.find(e => e.service === 'ecr.api')!.checks.privateDns,
    ).toBe('warn');
  });
});

describe('vpc-dns-disabled', () => {
  it('stays quiet on the healthy VPC', () => {
    expect(fired(check(), 'vpc-dns-disabled')).toEqual([]);
  });

  it('fires when DNS hostnames are off and interface endpoints are needed', () => {
    const snapshot = {
      ...healthyIsolatedSnapshot(),
      enableDnsHostnames: false,
    };
    const r = check(snapshot);
    expect(fired(r, 'vpc-dns-disabled')).toEqual([`- ${ids.vpcId}`]);
    expect(r.findings[0].message).toMatch(/enableDnsHostnames/);
  });

  it('stays quiet on a NAT path with no interface endpoints', () => {
    let snapshot = withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc');
    for (const s of ['ecr.api', 'ecr.dkr', 'logs'])
      snapshot = withoutEndpoint(snapshot, s);
    snapshot.enableDnsSupport = false;
    expect(fired(check(snapshot), 'vpc-dns-disabled')).toEqual([]);
  });
});

describe('custom-dns', () => {
  it('stays quiet with AmazonProvidedDNS or the VPC resolver address', () => {
    expect(fired(check(), 'custom-dns')).toEqual([]);
    expect(
      fired(
        check({
          ...healthyIsolatedSnapshot(),
          domainNameServers: ['10.0.0.2'],
        }),
        'custom-dns',
      ),
    ).toEqual([]);
  });

  it('warns when the DHCP options use other DNS servers', () => {
    const r = check({
      ...healthyIsolatedSnapshot(),
      domainNameServers: ['10.20.0.10', '10.20.0.11'],
    });
    expect(fired(r, 'custom-dns')).toEqual([`- ${ids.vpcId}`]);
    expect(r.findings[0].severity).toBe('warning');
    expect(r.verdict).toBe('ready');
  });
});
