/**
 * IPv4 CIDR arithmetic. Addresses are unsigned 32-bit numbers; a CIDR is the inclusive
 * address range it spans, so containment and coverage are range comparisons.
 */

/** An inclusive range of IPv4 addresses as unsigned 32-bit numbers. */
export interface Ipv4Range {
  first: number;
  last: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted IPv4 address; undefined when malformed. */
export function parseIpv4(address: string): number | undefined {
  const m = IPV4.exec(address.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some(o => o > 255)) return undefined;
  return (
    ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3]
  );
}

/** Formats an unsigned 32-bit number as a dotted IPv4 address. */
export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map(shift => (address >>> shift) & 255).join('.');
}

/**
 * Parses an IPv4 CIDR (`10.0.0.0/16`) into the range it spans; a bare address is a /32.
 * Host bits are ignored, as AWS does when it normalises a CIDR. Undefined when malformed
 * (IPv6 included: the checker reasons about IPv4 only).
 */
export function parseCidr(cidr: string): Ipv4Range | undefined {
  const [address, prefixText, extra] = cidr.trim().split('/');
  if (extra !== undefined) return undefined;
  const base = parseIpv4(address);
  if (base === undefined) return undefined;
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > 32 ||
    prefixText === ''
  ) {
    return undefined;
  }
  const size = 2 ** (32 - prefix);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

/** True when the address (dotted) lies inside the CIDR. */
export function cidrContainsAddress(cidr: string, address: string): boolean {
  const range = parseCidr(cidr);
  const ip = parseIpv4(address);
  return (
    range !== undefined &&
    ip !== undefined &&
    ip >= range.first &&
    ip <= range.last
  );
}

/** True when `outer` contains every address of `inner`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return (
    o !== undefined && i !== undefined && o.first <= i.first && i.last <= o.last
  );
}

/** Merges ranges into a sorted list of disjoint, non-adjacent ranges. */
export function mergeRanges(ranges: readonly Ipv4Range[]): Ipv4Range[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: Ipv4Range[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.first <= last.last + 1) {
      last.last = Math.max(last.last, r.last);
    } else {
      merged.push({ ...r });
    }
  }
  return merged;
}

/**
 * True when the union of `covering` contains every address of every CIDR in `targets`.
 * Two /25 rules together cover a /24 subnet: security groups are a union of their rules, so
 * coverage is judged on the union, not rule by rule. Malformed or empty targets are not covered.
 */
export function cidrsCoverAll(
  covering: readonly string[],
  targets: readonly string[],
): boolean {
  if (targets.length === 0) return false;
  const union = mergeRanges(
    covering.map(parseCidr).filter((r): r is Ipv4Range => r !== undefined),
  );
  return targets.every(target => {
    const t = parseCidr(target);
    return (
      t !== undefined && union.some(u => u.first <= t.first && t.last <= u.last)
    );
  });
}
