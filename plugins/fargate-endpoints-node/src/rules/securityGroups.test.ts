import {
  FIXTURE_IDS as ids,
  healthyIsolatedSnapshot,
  sgRule,
} from '../testing/fixtures';
import { check, fired } from './testReport';

function withGroups(
  change: (
    groups: ReturnType<typeof healthyIsolatedSnapshot>['securityGroups'],
  ) => void,
) {
  const snapshot = healthyIsolatedSnapshot();
  change(snapshot.securityGroups);
  return snapshot;
}
const endpointGroup = (
  s: ReturnType<typeof healthyIsolatedSnapshot>['securityGroups'],
) => s.find(g => g.id === ids.endpointSecurityGroup)!;
const taskGroup = (
  s: ReturnType<typeof healthyIsolatedSnapshot>['securityGroups'],
) => s.find(g => g.id === ids.taskSecurityGroup)!;

describe('endpoint-sg-blocks-tasks', () => {
  it('stays quiet on the healthy VPC (group reference)', () => {
    expect(fired(check(), 'endpoint-sg-blocks-tasks')).toEqual([]);
  });

  it('fires once per interface service when the endpoint group admits another group', () => {
    const r = check(
      withGroups(g => {
        endpointGroup(g).ingress = [
          sgRule({
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            groupIds: ['sg-0someoneelse000001'],
          }),
        ];
      }),
    );
    expect(fired(r, 'endpoint-sg-blocks-tasks')).toEqual([
      `ecr.api ${ids.endpointSecurityGroup}`,
      `ecr.dkr ${ids.endpointSecurityGroup}`,
      `logs ${ids.endpointSecurityGroup}`,
    ]);
    expect(r.findings[0].terraform).toMatch(
      /aws_vpc_security_group_ingress_rule/,
    );
    expect(r.findings[0].terraform).toContain(
      `referenced_security_group_id = "${ids.taskSecurityGroup}"`,
    );
    expect(
      r.endpoints.find(e => e.service === 'logs')!.checks.securityGroups,
    ).toBe('fail');
  });

  it('stays quiet when a CIDR rule covers every task subnet', () => {
    const r = check(
      withGroups(g => {
        endpointGroup(g).ingress = [
          sgRule({
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ['10.0.0.0/16'],
          }),
        ];
      }),
    );
    expect(fired(r, 'endpoint-sg-blocks-tasks')).toEqual([]);
  });

  it('fires when the CIDR covers only one task subnet', () => {
    const r = check(
      withGroups(g => {
        endpointGroup(g).ingress = [
          sgRule({
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ['10.0.1.0/24'],
          }),
        ];
      }),
    );
    expect(fired(r, 'endpoint-sg-blocks-tasks')).toHaveLength(3);
  });
});

describe('task-egress-blocked', () => {
  it('stays quiet on the healthy VPC (endpoint group and S3 prefix list)', () => {
    expect(fired(check(), 'task-egress-blocked')).toEqual([]);
  });

  it('fires for s3 only when the prefix list rule is missing', () => {
    const r = check(
      withGroups(g => {
        taskGroup(g).egress = taskGroup(g).egress.filter(
          rule => rule.prefixListIds.length === 0,
        );
      }),
    );
    expect(fired(r, 'task-egress-blocked')).toEqual([
      `s3 ${ids.taskSecurityGroup}`,
    ]);
    expect(r.findings[0].terraform).toContain(
      `prefix_list_id               = "${ids.s3PrefixList}"`,
    );
    expect(r.findings[0].message).toMatch(/starport-layer-bucket/);
  });

  it('fires for every interface service when egress to the endpoint group is missing', () => {
    const r = check(
      withGroups(g => {
        taskGroup(g).egress = taskGroup(g).egress.filter(
          rule => rule.groupIds.length === 0,
        );
      }),
    );
    expect(fired(r, 'task-egress-blocked').map(s => s.split(' ')[0])).toEqual([
      'ecr.api',
      'ecr.dkr',
      'logs',
    ]);
  });

  it('stays quiet with the usual allow-all egress rule', () => {
    const r = check(
      withGroups(g => {
        taskGroup(g).egress = [
          sgRule({ protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }),
        ];
      }),
    );
    expect(fired(r, 'task-egress-blocked')).toEqual([]);
  });

  it('leaves the S3 half unknown when the prefix list was not read', () => {
    const snapshot = withGroups(g => {
      taskGroup(g).egress = [];
    });
    snapshot.s3PrefixList = undefined;
    snapshot.failures.push({
      part: 's3PrefixList',
      call: 'DescribePrefixLists',
      reason: 'AccessDenied',
    });
    const r = check(snapshot);
    expect(fired(r, 'task-egress-blocked').map(s => s.split(' ')[0])).toEqual([
      'ecr.api',
      'ecr.dkr',
      'logs',
    ]);
    expect(r.unknown.map(u => u.call)).toEqual(['DescribePrefixLists']);
    expect(
      r.endpoints.find(e => e.service === 's3')!.checks.securityGroups,
    ).toBe('unknown');
  });
});
