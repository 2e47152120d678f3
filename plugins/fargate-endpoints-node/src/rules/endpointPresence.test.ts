import {
  FIXTURE_IDS as ids,
  fixtureEndpointId,
  healthyIsolatedSnapshot,
  withDefaultRoute,
  withEndpoint,
  withoutEndpoint,
} from '../testing/fixtures';
import { check, fired } from './testReport';

describe('missing-endpoint', () => {
  it('stays quiet on the healthy VPC', () => {
    expect(fired(check(), 'missing-endpoint')).toEqual([]);
  });

  it('fires once per missing service on an isolated path, with a Terraform fix', () => {
    const r = check(
      withoutEndpoint(
        withoutEndpoint(healthyIsolatedSnapshot(), 'logs'),
        'ecr.dkr',
      ),
    );
    expect(fired(r, 'missing-endpoint')).toEqual([
      `ecr.dkr ${ids.vpcId}`,
      `logs ${ids.vpcId}`,
    ]);
    const logs = r.findings.find(f => f.service === 'logs')!;
    expect(logs.message).toMatch(/failed to validate logger args/);
    expect(logs.terraform).toMatch(
      /service_name\s+= "com.amazonaws.us-east-1.logs"/,
    );
    expect(logs.terraform).toMatch(/private_dns_enabled = true/);
    expect(logs.terraform).toContain(ids.endpointSecurityGroup);
    expect(logs.cli).toBe(
      `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id ${ids.vpcId} --service-name com.amazonaws.us-east-1.logs --private-dns-enabled --subnet-ids ${ids.taskSubnetA} ${ids.taskSubnetB} --security-group-ids ${ids.endpointSecurityGroup}`,
    );
  });

  it('fires for needs beyond the defaults (secretsmanager, exec, custom suffixes)', () => {
    const r = check(healthyIsolatedSnapshot(), {
      needs: ['ecr', 'logs', 'secretsmanager', 'exec', 'kms'],
    });
    // ECS Exec fails only at run time: its finding is a warning, after the errors.
    expect(
      r.findings
        .filter(f => f.rule === 'missing-endpoint')
        .map(f => `${f.severity} ${f.service}`),
    ).toEqual(['error secretsmanager', 'error kms', 'warning ssmmessages']);
  });

  it('does not count an S3 interface endpoint for ECR layers', () => {
    const snapshot = withoutEndpoint(healthyIsolatedSnapshot(), 's3');
    snapshot.endpoints.push({
      id: 'vpce-0s3interface00001',
      serviceName: 'com.amazonaws.us-east-1.s3',
      type: 'Interface',
      state: 'available',
      privateDnsEnabled: true,
      subnetIds: [ids.endpointSubnetA],
      securityGroupIds: [ids.endpointSecurityGroup],
      routeTableIds: [],
    });
    const r = check(snapshot);
    expect(fired(r, 'missing-endpoint')).toEqual([`s3 ${ids.vpcId}`]);
    const s3 = r.findings.find(f => f.service === 's3')!;
    expect(s3.message).toMatch(/only use the S3 gateway/);
    expect(s3.terraform).toMatch(/vpc_endpoint_type = "Gateway"/);
    expect(s3.terraform).toContain(ids.privateRouteTable);
  });

  it('matches the exact service name of this region', () => {
    const snapshot = withEndpoint(healthyIsolatedSnapshot(), 'logs', {
      serviceName: 'com.amazonaws.eu-west-1.logs',
    });
    expect(fired(check(snapshot), 'missing-endpoint')).toEqual([
      `logs ${ids.vpcId}`,
    ]);
  });

  it('is not an error on NAT or public paths', () => {
    const snapshot = withoutEndpoint(
      withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc'),
      'logs',
    );
    const r = check(snapshot);
    expect(fired(r, 'missing-endpoint')).toEqual([]);
    expect(r.endpoints.find(e => e.service === 'logs')!.checks.present).toBe(
      'n/a',
    );
  });
});

describe('endpoint-not-available', () => {
  it('accepts available in either casing', () => {
    expect(
      fired(
        check(
          withEndpoint(healthyIsolatedSnapshot(), 'logs', {
            state: 'Available',
          }),
        ),
        'endpoint-not-available',
      ),
    ).toEqual([]);
  });

  it('fires for an endpoint that is pending or failed', () => {
    const snapshot = withEndpoint(
      withEndpoint(healthyIsolatedSnapshot(), 'logs', {
        state: 'pendingAcceptance',
      }),
      's3',
      { state: 'Failed' },
    );
    const r = check(snapshot);
    expect(fired(r, 'endpoint-not-available')).toEqual([
      `s3 ${ids.s3Gateway}`,
      `logs ${fixtureEndpointId('logs')}`,
    ]);
    expect(r.endpoints.find(e => e.service === 'logs')!.checks.present).toBe(
      'fail',
    );
  });

  it('applies on a NAT path too, because the endpoint still captures the traffic', () => {
    const snapshot = withEndpoint(
      withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc'),
      'ecr.api',
      { state: 'pending' },
    );
    expect(fired(check(snapshot), 'endpoint-not-available')).toEqual([
      `ecr.api ${fixtureEndpointId('ecr.api')}`,
    ]);
  });
});
