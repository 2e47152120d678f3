/**
 * Protocol and port matching for security group and network ACL rules. AWS writes TCP as
 * `tcp` in security groups and `6` in network ACLs; `-1` means every protocol and every port.
 */

/** An inclusive port range. */
export interface PortRange {
  from: number;
  to: number;
}

/** The protocol number for TCP. */
export const TCP = '6';

const PROTOCOL_NUMBERS: Record<string, string> = {
  tcp: '6',
  udp: '17',
  icmp: '1',
  icmpv6: '58',
};

/** Normalises a protocol to its number as a string (`tcp` → `6`); `-1` and `all` stay `-1`. */
export function normaliseProtocol(protocol: string): string {
  const p = protocol.trim().toLowerCase();
  if (p === '-1' || p === 'all') return '-1';
  return PROTOCOL_NUMBERS[p] ?? p;
}

/** True when a rule's protocol admits the traffic's protocol (`-1` admits everything). */
export function protocolMatches(
  ruleProtocol: string,
  trafficProtocol: string,
): boolean {
  const rule = normaliseProtocol(ruleProtocol);
  return rule === '-1' || rule === normaliseProtocol(trafficProtocol);
}

/**
 * The port range a rule admits. A rule for every protocol (`-1`) admits every port, as does a
 * TCP/UDP rule without ports; `-1` as a port bound also means "all".
 */
export function rulePortRange(
  protocol: string,
  fromPort: number | undefined,
  toPort: number | undefined,
): PortRange {
  if (normaliseProtocol(protocol) === '-1') return { from: 0, to: 65535 };
  const from = fromPort === undefined || fromPort < 0 ? 0 : fromPort;
  const to = toPort === undefined || toPort < 0 ? 65535 : toPort;
  return { from, to };
}

/** True when `outer` contains every port of `inner`. */
export function portRangeContains(outer: PortRange, inner: PortRange): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}

/** True when the two ranges share a port. */
export function portRangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** Formats a port range for people: `443` or `1024-65535`. */
export function formatPortRange(range: PortRange): string {
  return range.from === range.to
    ? `${range.from}`
    : `${range.from}-${range.to}`;
}
