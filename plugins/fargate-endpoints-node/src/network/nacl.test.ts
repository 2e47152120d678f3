import type { NetworkAcl, NetworkAclEntry } from '../model';
import { naclAllows, networkAclForSubnet } from './nacl';

function acl(entries: NetworkAclEntry[]): NetworkAcl {
  return { id: 'acl-1', isDefault: false, subnetIds: ['subnet-a'], entries };
}
const allowAll = (egress: boolean, ruleNumber = 100): NetworkAclEntry => ({
  ruleNumber,
  protocol: '-1',
  action: 'allow',
  egress,
  cidrBlock: '0.0.0.0/0',
});
const https = {
  egress: true,
  protocol: '6',
  ports: { from: 443, to: 443 },
  remoteCidrs: ['10.0.11.0/24'],
};
const replies = {
  egress: false,
  protocol: '6',
  ports: { from: 1024, to: 65535 },
  remoteCidrs: ['10.0.11.0/24'],
};

describe('naclAllows', () => {
  it('allows what an allow-all entry covers', () => {
    const a = acl([allowAll(true), allowAll(false)]);
    expect(naclAllows(a, https).allowed).toBe(true);
    expect(naclAllows(a, replies).allowed).toBe(true);
  });

  it('denies by the implicit deny when no entry matches', () => {
    const verdict = naclAllows(acl([allowAll(false)]), https);
    expect(verdict).toEqual({
      allowed: false,
      block: expect.objectContaining({
        remoteCidr: '10.0.11.0/24',
        ports: '443',
        ruleNumber: undefined,
      }),
    });
  });

  it('lets the lowest rule number win', () => {
    const deny: NetworkAclEntry = {
      ruleNumber: 90,
      protocol: '6',
      action: 'deny',
      egress: true,
      cidrBlock: '10.0.0.0/16',
      portRange: { from: 443, to: 443 },
    };
    const verdict = naclAllows(acl([allowAll(true, 100), deny]), https);
    expect(verdict).toMatchObject({
      allowed: false,
      block: { ruleNumber: 90 },
    });
    const later = { ...deny, ruleNumber: 200 };
    expect(naclAllows(acl([allowAll(true, 100), later]), https).allowed).toBe(
      true,
    );
  });

  it('judges each direction on its own entries', () => {
    const a = acl([allowAll(true)]);
    expect(naclAllows(a, https).allowed).toBe(true);
    expect(naclAllows(a, replies).allowed).toBe(false);
  });

  it('requires the whole ephemeral range for replies', () => {
    const highOnly: NetworkAclEntry = {
      ruleNumber: 100,
      protocol: '6',
      action: 'allow',
      egress: false,
      cidrBlock: '0.0.0.0/0',
      portRange: { from: 32768, to: 65535 },
    };
    expect(naclAllows(acl([highOnly]), replies)).toMatchObject({
      allowed: false,
      block: { ports: '1024-32767' },
    });
  });

  it('requires every remote address to pass', () => {
    const half: NetworkAclEntry = {
      ruleNumber: 100,
      protocol: '6',
      action: 'allow',
      egress: true,
      cidrBlock: '10.0.11.0/25',
      portRange: { from: 443, to: 443 },
    };
    expect(naclAllows(acl([half]), https)).toMatchObject({
      allowed: false,
      block: { addresses: '10.0.11.128-10.0.11.255' },
    });
  });

  it('does not let a UDP entry carry TCP', () => {
    const udp: NetworkAclEntry = {
      ruleNumber: 100,
      protocol: '17',
      action: 'allow',
      egress: true,
      cidrBlock: '0.0.0.0/0',
      portRange: { from: 443, to: 443 },
    };
    expect(naclAllows(acl([udp]), https).allowed).toBe(false);
  });

  it('falls back to the default NACL for unassociated subnets', () => {
    const custom = acl([]);
    const fallback: NetworkAcl = {
      id: 'acl-default',
      isDefault: true,
      subnetIds: [],
      entries: [],
    };
    expect(networkAclForSubnet([custom, fallback], 'subnet-a')?.id).toBe(
      'acl-1',
    );
    expect(networkAclForSubnet([custom, fallback], 'subnet-b')?.id).toBe(
      'acl-default',
    );
  });
});
