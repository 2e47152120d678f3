import type { NetworkAcl, NetworkAclEntry } from '../model';
import {
  FIXTURE_IDS as ids,
  healthyIsolatedSnapshot,
  withEndpoint,
} from '../testing/fixtures';
import { check, fired } from './testReport';

const allowAll = (egress: boolean): NetworkAclEntry => ({
  ruleNumber: 100,
  protocol: '-1',
  action: 'allow',
  egress,
  cidrBlock: '0.0.0.0/0',
});
const implicitDeny = (egress: boolean): NetworkAclEntry => ({
  ruleNumber: 32767,
  protocol: '-1',
  action: 'deny',
  egress,
  cidrBlock: '0.0.0.0/0',
});

function withTaskAcl(
  entries: NetworkAclEntry[],
  subnetIds: string[] = [ids.taskSubnetA, ids.taskSubnetB],
) {
  const snapshot = healthyIsolatedSnapshot();
  const acl: NetworkAcl = {
    id: 'acl-0tasks0000000001',
    isDefault: false,
    subnetIds,
    entries: [...entries, implicitDeny(true), implicitDeny(false)],
  };
  snapshot.networkAcls[0].subnetIds = snapshot.networkAcls[0].subnetIds.filter(
    s => !subnetIds.includes(s),
  );
  snapshot.networkAcls.push(acl);
  return snapshot;
}

describe('nacl-blocks-https', () => {
  it('stays quiet with the default NACL', () => {
    expect(fired(check(), 'nacl-blocks-https')).toEqual([]);
  });

  it('fires for every service when outbound 443 is denied by an earlier rule', () => {
    const deny443: NetworkAclEntry = {
      ruleNumber: 50,
      protocol: '6',
      action: 'deny',
      egress: true,
      cidrBlock: '0.0.0.0/0',
      portRange: { from: 443, to: 443 },
    };
    const r = check(withTaskAcl([deny443, allowAll(true), allowAll(false)]));
    expect(fired(r, 'nacl-blocks-https')).toEqual([
      'ecr.api acl-0tasks0000000001',
      'ecr.dkr acl-0tasks0000000001',
      's3 acl-0tasks0000000001',
      'logs acl-0tasks0000000001',
    ]);
    expect(r.findings[0].message).toMatch(/entry 50 denies it/);
    expect(r.findings[0].terraform).toMatch(/rule_number +?= 49/);
  });

  it('fires when outbound 443 is allowed but the ephemeral replies are not', () => {
    const out443: NetworkAclEntry = {
      ruleNumber: 100,
      protocol: '6',
      action: 'allow',
      egress: true,
      cidrBlock: '0.0.0.0/0',
      portRange: { from: 443, to: 443 },
    };
    const r = check(withTaskAcl([out443]));
    const f = r.findings.find(
      x => x.rule === 'nacl-blocks-https' && x.service === 's3',
    )!;
    expect(f.message).toMatch(/inbound TCP 1024-65535 \(the replies\)/);
    expect(f.message).toMatch(/implicit deny/);
    expect(f.terraform).toMatch(/egress +?= false/);
    expect(f.terraform).toMatch(/from_port +?= 1024/);
    // Nothing matched, so the new entry can follow every existing inbound entry.
    expect(f.terraform).toMatch(/rule_number +?= 10\n/);
  });

  it('stays quiet when both directions are allowed exactly', () => {
    const out443: NetworkAclEntry = {
      ruleNumber: 100,
      protocol: '6',
      action: 'allow',
      egress: true,
      cidrBlock: '0.0.0.0/0',
      portRange: { from: 443, to: 443 },
    };
    const replies: NetworkAclEntry = {
      ruleNumber: 100,
      protocol: '6',
      action: 'allow',
      egress: false,
      cidrBlock: '0.0.0.0/0',
      portRange: { from: 1024, to: 65535 },
    };
    expect(
      fired(check(withTaskAcl([out443, replies])), 'nacl-blocks-https'),
    ).toEqual([]);
  });

  it("checks the endpoint subnets' NACL for the inbound request", () => {
    const r = check(
      withTaskAcl([allowAll(true)], [ids.endpointSubnetA, ids.endpointSubnetB]),
    );
    expect(fired(r, 'nacl-blocks-https')).toEqual([
      'ecr.api acl-0tasks0000000001',
      'ecr.dkr acl-0tasks0000000001',
      'logs acl-0tasks0000000001',
    ]);
    expect(r.findings[0].message).toMatch(/inbound TCP 443 from task subnet/);
  });

  it('ignores traffic that stays within one subnet', () => {
    let snapshot = withTaskAcl([], [ids.taskSubnetA]);
    snapshot = withEndpoint(snapshot, 'logs', { subnetIds: [ids.taskSubnetA] });
    const r = check(snapshot, {
      subnetIds: [ids.taskSubnetA],
      needs: ['logs'],
      images: [],
    });
    expect(fired(r, 'nacl-blocks-https')).toEqual([]);
    expect(r.verdict).toBe('ready');
  });
});
