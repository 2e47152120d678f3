import type { SecurityGroup } from '../model';
import { sgRule } from '../testing/fixtures';
import { securityGroupsAdmit } from './securityGroups';

const https = { protocol: 'tcp', ports: { from: 443, to: 443 } };
const tasks = { groupIds: ['sg-tasks'], cidrs: ['10.0.1.0/24', '10.0.2.0/24'] };

function group(
  ingress: SecurityGroup['ingress'],
  egress: SecurityGroup['egress'] = [],
): SecurityGroup {
  return { id: 'sg-endpoint', ingress, egress };
}

describe('securityGroupsAdmit', () => {
  it('admits by group reference', () => {
    const g = group([
      sgRule({
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        groupIds: ['sg-tasks'],
      }),
    ]);
    expect(securityGroupsAdmit([g], 'ingress', https, tasks)).toMatchObject({
      admitted: true,
      by: 'group-reference',
    });
  });

  it('does not admit a reference to another group', () => {
    const g = group([
      sgRule({
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        groupIds: ['sg-other'],
      }),
    ]);
    expect(securityGroupsAdmit([g], 'ingress', https, tasks).admitted).toBe(
      false,
    );
  });

  it('admits a CIDR only when it contains every task subnet', () => {
    const vpcWide = group([
      sgRule({
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ['10.0.0.0/16'],
      }),
    ]);
    const oneSubnet = group([
      sgRule({
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ['10.0.1.0/24'],
      }),
    ]);
    expect(
      securityGroupsAdmit([vpcWide], 'ingress', https, tasks),
    ).toMatchObject({ admitted: true, by: 'cidr' });
    expect(
      securityGroupsAdmit([oneSubnet], 'ingress', https, tasks).admitted,
    ).toBe(false);
  });

  it('treats protocol -1 as every protocol and port, and protocol 6 as TCP', () => {
    const all = group([sgRule({ protocol: '-1', groupIds: ['sg-tasks'] })]);
    const six = group([
      sgRule({
        protocol: '6',
        fromPort: 0,
        toPort: 65535,
        groupIds: ['sg-tasks'],
      }),
    ]);
    const udp = group([
      sgRule({
        protocol: 'udp',
        fromPort: 443,
        toPort: 443,
        groupIds: ['sg-tasks'],
      }),
    ]);
    expect(securityGroupsAdmit([all], 'ingress', https, tasks).admitted).toBe(
      true,
    );
    expect(securityGroupsAdmit([six], 'ingress', https, tasks).admitted).toBe(
      true,
    );
    expect(securityGroupsAdmit([udp], 'ingress', https, tasks).admitted).toBe(
      false,
    );
  });

  it('requires the port range to include 443', () => {
    const http = group([
      sgRule({
        protocol: 'tcp',
        fromPort: 80,
        toPort: 80,
        groupIds: ['sg-tasks'],
      }),
    ]);
    const range = group([
      sgRule({
        protocol: 'tcp',
        fromPort: 400,
        toPort: 500,
        groupIds: ['sg-tasks'],
      }),
    ]);
    expect(securityGroupsAdmit([http], 'ingress', https, tasks).admitted).toBe(
      false,
    );
    expect(securityGroupsAdmit([range], 'ingress', https, tasks).admitted).toBe(
      true,
    );
  });

  it('admits egress to a prefix list by id, or by CIDRs covering all its ranges', () => {
    const s3 = {
      groupIds: [],
      cidrs: ['52.216.0.0/15', '3.5.0.0/19'],
      prefixListIds: ['pl-s3'],
    };
    const byId = group(
      [],
      [
        sgRule({
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          prefixListIds: ['pl-s3'],
        }),
      ],
    );
    const byOpenCidr = group(
      [],
      [sgRule({ protocol: '-1', cidrBlocks: ['0.0.0.0/0'] })],
    );
    const partial = group(
      [],
      [
        sgRule({
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ['52.216.0.0/15'],
        }),
      ],
    );
    expect(securityGroupsAdmit([byId], 'egress', https, s3)).toMatchObject({
      by: 'prefix-list',
    });
    expect(
      securityGroupsAdmit([byOpenCidr], 'egress', https, s3).admitted,
    ).toBe(true);
    expect(securityGroupsAdmit([partial], 'egress', https, s3).admitted).toBe(
      false,
    );
  });

  it('unions rules across every group on the interface', () => {
    const a = {
      id: 'sg-a',
      ingress: [],
      egress: [
        sgRule({
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ['10.0.11.0/24'],
        }),
      ],
    };
    const b = {
      id: 'sg-b',
      ingress: [],
      egress: [
        sgRule({
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ['10.0.12.0/24'],
        }),
      ],
    };
    const endpoint = {
      groupIds: ['sg-endpoint'],
      cidrs: ['10.0.11.0/24', '10.0.12.0/24'],
    };
    expect(
      securityGroupsAdmit([a, b], 'egress', https, endpoint).admitted,
    ).toBe(true);
    expect(securityGroupsAdmit([a], 'egress', https, endpoint).admitted).toBe(
      false,
    );
  });
});
