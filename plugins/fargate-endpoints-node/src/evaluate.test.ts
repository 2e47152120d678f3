import { evaluateService } from './evaluate';
import {
  FIXTURE_IDS,
  healthyIsolatedSnapshot,
  serviceSpecFor,
  withDefaultRoute,
  withEndpoint,
  withoutEndpoint,
} from './testing/fixtures';
import type { VpcSnapshot } from './model';

const ids = FIXTURE_IDS;

function report(
  snapshot: VpcSnapshot = healthyIsolatedSnapshot(),
  spec = serviceSpecFor(snapshot),
) {
  return evaluateService(snapshot, spec);
}

describe('evaluateService on the healthy isolated VPC', () => {
  it('is ready, complete and isolated, with no findings', () => {
    const r = report();
    expect(r).toMatchObject({
      verdict: 'ready',
      ready: true,
      complete: true,
      path: 'isolated',
    });
    expect(r.findings).toEqual([]);
    expect(r.unknown).toEqual([]);
    expect(r.checkedAt).toBe('2025-06-01T12:00:00.000Z');
    expect(r.subnets.map(s => s.path)).toEqual(['isolated', 'isolated']);
  });

  it('lists one endpoint row per needed service with every aspect ok', () => {
    const r = report();
    expect(r.endpoints.map(e => [e.service, e.type, e.needed])).toEqual([
      ['ecr.api', 'Interface', true],
      ['ecr.dkr', 'Interface', true],
      ['s3', 'Gateway', true],
      ['logs', 'Interface', true],
    ]);
    const logs = r.endpoints.find(e => e.service === 'logs')!;
    expect(logs.checks).toEqual({
      present: 'ok',
      privateDns: 'ok',
      securityGroups: 'ok',
      routeTables: 'n/a',
      azCoverage: 'ok',
      policy: 'ok',
    });
    expect(logs.availabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
    const s3 = r.endpoints.find(e => e.service === 's3')!;
    expect(s3.checks).toMatchObject({
      privateDns: 'n/a',
      routeTables: 'ok',
      azCoverage: 'n/a',
    });
  });

  it('estimates the endpoints against NAT with the example numbers of docs/domain.md#cost', () => {
    expect(report().cost).toMatchObject({
      endpointsMonthly: 43.8,
      natMonthly: 36.5,
      natPerAzMonthly: 73,
      interfaceEndpointAzHours: 6,
    });
  });

  it('shows existing endpoints of known services the service does not need', () => {
    const snapshot = healthyIsolatedSnapshot({
      interfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'ssm'],
    });
    const ssm = report(snapshot).endpoints.find(e => e.service === 'ssm');
    expect(ssm).toMatchObject({ needed: false, type: 'Interface' });
  });
});

describe('verdict and ordering', () => {
  it('sorts errors before warnings before info, and is not ready with an error', () => {
    // Subnet A goes through a NAT (info), B stays isolated and lacks logs (error), and the
    // remaining endpoints only sit in one AZ (warning).
    let snapshot = withoutEndpoint(healthyIsolatedSnapshot(), 'logs');
    snapshot.routeTables.push({
      id: 'rtb-0nat0000000000001',
      main: false,
      subnetIds: [ids.taskSubnetA],
      routes: [
        {
          destinationCidrBlock: '0.0.0.0/0',
          target: 'nat-0abc',
          state: 'active',
        },
      ],
    });
    snapshot.routeTables[1].subnetIds =
      snapshot.routeTables[1].subnetIds.filter(s => s !== ids.taskSubnetA);
    snapshot = withEndpoint(snapshot, 'ecr.api', {
      subnetIds: [ids.endpointSubnetA],
    });
    const r = report(snapshot);
    expect(r.path).toBe('mixed');
    expect(r.verdict).toBe('not-ready');
    expect(r.ready).toBe(false);
    const severities = r.findings.map(f => f.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) =>
          ['error', 'warning', 'info'].indexOf(a) -
          ['error', 'warning', 'info'].indexOf(b),
      ),
    );
    expect(r.findings.map(f => f.rule)).toEqual(
      expect.arrayContaining([
        'missing-endpoint',
        'endpoint-az-gap',
        'nat-egress',
      ]),
    );
    expect(r.findings[0]).toMatchObject({
      rule: 'missing-endpoint',
      service: 'logs',
      resourceId: ids.vpcId,
    });
  });

  it('stays ready with only warnings and info', () => {
    const r = report(withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc'));
    expect(r.findings.map(f => f.rule)).toEqual(['nat-egress']);
    expect(r.verdict).toBe('ready');
  });
});

describe('unknown checks', () => {
  it('turns a failed DescribeSecurityGroups into unknown security group rules, and still evaluates the rest', () => {
    const snapshot = withoutEndpoint(healthyIsolatedSnapshot(), 'logs');
    snapshot.securityGroups = [];
    snapshot.failures.push({
      part: 'securityGroups',
      call: 'DescribeSecurityGroups',
      reason: 'AccessDenied',
    });
    const r = report(snapshot);
    expect(r.unknown).toEqual([
      {
        check: 'security groups',
        rules: ['endpoint-sg-blocks-tasks', 'task-egress-blocked'],
        call: 'DescribeSecurityGroups',
        reason: 'AccessDenied',
      },
    ]);
    // No false security group errors from the missing data...
    expect(
      r.findings.filter(
        f =>
          f.rule === 'endpoint-sg-blocks-tasks' ||
          f.rule === 'task-egress-blocked',
      ),
    ).toEqual([]);
    // ...while the rules with data still fire.
    expect(r.findings.map(f => `${f.rule}:${f.service}`)).toEqual([
      'missing-endpoint:logs',
    ]);
    expect(r.verdict).toBe('not-ready');
    expect(r.complete).toBe(false);
    expect(
      r.endpoints.find(e => e.service === 'ecr.api')!.checks.securityGroups,
    ).toBe('unknown');
  });

  it('is unknown, not ready, when a check failed and nothing else is wrong', () => {
    const snapshot = healthyIsolatedSnapshot();
    snapshot.failures.push({
      part: 'networkAcls',
      call: 'DescribeNetworkAcls',
      reason: 'RequestLimitExceeded after 5 retries',
    });
    const r = report(snapshot);
    expect(r).toMatchObject({
      verdict: 'unknown',
      ready: false,
      complete: false,
    });
    expect(r.unknown[0]).toMatchObject({
      check: 'network ACLs',
      rules: ['nacl-blocks-https'],
      call: 'DescribeNetworkAcls',
    });
  });

  it('does not guess the path when route tables could not be read', () => {
    const snapshot = withoutEndpoint(healthyIsolatedSnapshot(), 'logs');
    snapshot.routeTables = [];
    snapshot.failures.push({
      part: 'routeTables',
      call: 'DescribeRouteTables',
      reason: 'timed out',
    });
    const r = report(snapshot);
    expect(r.path).toBe('unknown');
    expect(r.findings.filter(f => f.rule === 'missing-endpoint')).toEqual([]);
    expect(r.verdict).toBe('unknown');
    expect(r.unknown[0].rules).toEqual(
      expect.arrayContaining(['missing-endpoint', 'public-ip-required']),
    );
  });

  it('still reports errors of endpoints that capture traffic when the path is unknown', () => {
    const snapshot = withEndpoint(healthyIsolatedSnapshot(), 'logs', {
      state: 'failed',
    });
    snapshot.failures.push({
      part: 'routeTables',
      call: 'DescribeRouteTables',
      reason: 'timed out',
    });
    const r = report(snapshot);
    expect(r.findings.map(f => `${f.rule}:${f.service}`)).toEqual([
      'endpoint-not-available:logs',
    ]);
    expect(r.verdict).toBe('not-ready');
  });

  it('reports failed stopped-task reads and VPC attribute reads as unknown', () => {
    const snapshot = healthyIsolatedSnapshot();
    snapshot.enableDnsHostnames = undefined;
    snapshot.failures.push({
      part: 'dnsHostnames',
      call: 'DescribeVpcAttribute',
      reason: 'AccessDenied',
    });
    const spec = serviceSpecFor(snapshot, {
      failures: [
        { part: 'stoppedTasks', call: 'DescribeTasks', reason: 'AccessDenied' },
      ],
    });
    const r = report(snapshot, spec);
    expect(r.unknown.map(u => [u.check, u.call])).toEqual([
      ['VPC DNS hostnames', 'DescribeVpcAttribute'],
      ['stopped tasks', 'DescribeTasks'],
    ]);
    expect(r.verdict).toBe('unknown');
  });

  it('reports a task subnet or security group outside the VPC as unknown', () => {
    const snapshot = healthyIsolatedSnapshot();
    const spec = serviceSpecFor(snapshot, {
      subnetIds: [ids.taskSubnetA, 'subnet-0fff9999ffff99999'],
      securityGroupIds: ['sg-0other00000000001'],
    });
    const r = report(snapshot, spec);
    expect(r.unknown.map(u => u.check)).toEqual([
      'subnet subnet-0fff9999ffff99999',
      'security group sg-0other00000000001',
    ]);
    expect(
      r.findings.filter(f => f.rule === 'endpoint-sg-blocks-tasks'),
    ).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe('unknown');
  });
});

describe('stopped tasks in the report', () => {
  it('explains a stopped task with the finding on its path', () => {
    const snapshot = withoutEndpoint(healthyIsolatedSnapshot(), 'logs');
    const spec = serviceSpecFor(snapshot, {
      stoppedTasks: [
        {
          taskArn: 'arn:aws:ecs:us-east-1:111122223333:task/prod/abc',
          stoppedReason:
            'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post "https://logs.us-east-1.amazonaws.com/": dial tcp 52.46.130.10:443: i/o timeout',
        },
      ],
    });
    expect(report(snapshot, spec).stoppedTasks[0]).toMatchObject({
      failingPath: 'logs',
      explainedBy: {
        rule: 'missing-endpoint',
        service: 'logs',
        resourceId: ids.vpcId,
      },
    });
  });
});
