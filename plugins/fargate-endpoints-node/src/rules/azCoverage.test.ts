import {
  FIXTURE_IDS as ids,
  fixtureEndpointId,
  healthyIsolatedSnapshot,
  withEndpoint,
} from '../testing/fixtures';
import { check, fired } from './testReport';

describe('endpoint-az-gap', () => {
  it('stays quiet when every endpoint has a subnet in each task AZ', () => {
    expect(fired(check(), 'endpoint-az-gap')).toEqual([]);
  });

  it('warns for an endpoint missing a task AZ, without blocking readiness', () => {
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 'logs', {
        subnetIds: [ids.endpointSubnetA],
      }),
    );
    expect(fired(r, 'endpoint-az-gap')).toEqual([
      `logs ${fixtureEndpointId('logs')}`,
    ]);
    expect(r.findings[0]).toMatchObject({ severity: 'warning' });
    expect(r.findings[0].message).toMatch(/no subnet in us-east-1b/);
    expect(r.findings[0].fix).toContain(`--add-subnet-ids ${ids.taskSubnetB}`);
    expect(r.verdict).toBe('ready');
    expect(r.endpoints.find(e => e.service === 'logs')!.checks.azCoverage).toBe(
      'warn',
    );
  });
});
