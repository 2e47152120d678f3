/**
 * Network ACL evaluation. A NACL is stateless: requests and replies are judged separately,
 * entries are tried by ascending rule number, the first match decides, and traffic no entry
 * matches is denied (the `*` rule). Traffic that stays within one subnet never crosses it.
 */
import type { NetworkAcl, NetworkAclEntry } from '../model';
import { Ipv4Range, formatIpv4, parseCidr } from './cidr';
import { PortRange, formatPortRange, protocolMatches } from './protocol';

/** Traffic through a NACL in one direction, to or from a set of remote addresses. */
export interface NaclTraffic {
  /** True for traffic leaving the subnet. */
  egress: boolean;
  protocol: string;
  /** Every port of the range must pass. */
  ports: PortRange;
  /** The remote side's address ranges; every address must pass. */
  remoteCidrs: readonly string[];
}

/** Where a NACL blocks the traffic. */
export interface NaclBlock {
  /** The remote CIDR some of whose addresses are blocked. */
  remoteCidr: string;
  /** The first blocked address range and ports, for people. */
  addresses: string;
  ports: string;
  /** The deny entry that decides, or undefined for the implicit deny. */
  ruleNumber?: number;
}

/** The NACL's decision on the traffic. */
export type NaclVerdict =
  | { allowed: true }
  | { allowed: false; block: NaclBlock };

const ALL_PORTS: PortRange = { from: 0, to: 65535 };
/** AWS reports the implicit deny as an entry with this number. */
const IMPLICIT_DENY_RULE_NUMBER = 32767;

interface ParsedEntry {
  entry: NetworkAclEntry;
  addresses: Ipv4Range;
  ports: PortRange;
}

function entriesFor(acl: NetworkAcl, traffic: NaclTraffic): ParsedEntry[] {
  const parsed: ParsedEntry[] = [];
  for (const entry of acl.entries) {
    if (entry.egress !== traffic.egress || !entry.cidrBlock) continue;
    if (!protocolMatches(entry.protocol, traffic.protocol)) continue;
    const addresses = parseCidr(entry.cidrBlock);
    if (!addresses) continue;
    const ports =
      entry.protocol === '-1' ? ALL_PORTS : entry.portRange ?? ALL_PORTS;
    parsed.push({ entry, addresses, ports });
  }
  return parsed.sort((a, b) => a.entry.ruleNumber - b.entry.ruleNumber);
}

/** Splits [first, last] at every boundary of the given ranges that falls inside it. */
function segments(
  first: number,
  last: number,
  bounds: Array<{ from: number; to: number }>,
) {
  const cuts = new Set<number>([first]);
  for (const b of bounds) {
    if (b.from > first && b.from <= last) cuts.add(b.from);
    if (b.to + 1 > first && b.to + 1 <= last) cuts.add(b.to + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  return starts.map((start, i) => ({
    from: start,
    to: i + 1 < starts.length ? starts[i + 1] - 1 : last,
  }));
}

function firstMatch(entries: ParsedEntry[], address: number, port: number) {
  return entries.find(
    e =>
      e.addresses.first <= address &&
      address <= e.addresses.last &&
      e.ports.from <= port &&
      port <= e.ports.to,
  );
}

/**
 * Decides whether the NACL lets every address and port of the traffic through. The address
 * and port space is cut at every entry boundary; each piece is decided by its first matching
 * entry, so partial overlaps and rule order are both honoured.
 */
export function naclAllows(acl: NetworkAcl, traffic: NaclTraffic): NaclVerdict {
  const entries = entriesFor(acl, traffic);
  for (const remoteCidr of traffic.remoteCidrs) {
    const remote = parseCidr(remoteCidr);
    if (!remote) continue;
    const addressPieces = segments(
      remote.first,
      remote.last,
      entries.map(e => ({ from: e.addresses.first, to: e.addresses.last })),
    );
    const portPieces = segments(
      traffic.ports.from,
      traffic.ports.to,
      entries.map(e => e.ports),
    );
    for (const a of addressPieces) {
      for (const p of portPieces) {
        const match = firstMatch(entries, a.from, p.from);
        if (match?.entry.action === 'allow') continue;
        const ruleNumber =
          match && match.entry.ruleNumber !== IMPLICIT_DENY_RULE_NUMBER
            ? match.entry.ruleNumber
            : undefined;
        return {
          allowed: false,
          block: {
            remoteCidr,
            addresses:
              a.from === a.to
                ? formatIpv4(a.from)
                : `${formatIpv4(a.from)}-${formatIpv4(a.to)}`,
            ports: formatPortRange(p),
            ruleNumber,
          },
        };
      }
    }
  }
  return { allowed: true };
}

/** The NACL a subnet uses: the one it is associated with, else the VPC's default NACL. */
export function networkAclForSubnet(
  acls: readonly NetworkAcl[],
  subnetId: string,
): NetworkAcl | undefined {
  return (
    acls.find(a => a.subnetIds.includes(subnetId)) ??
    acls.find(a => a.isDefault)
  );
}
