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
 * CIDRs parsed so far: a fleet's checks ask for the same few hundred again and again (every
 * rule of every group against every subnet), so each is parsed once. Bounded: emptied when
 * full.
 */
const parsedCidrs = new Map<string, Readonly<Ipv4Range> | undefined>();
const PARSED_CIDRS_MAX = 10_000;

/**
 * Parses an IPv4 CIDR (`10.0.0.0/16`) into the range it spans; a bare address is a /32.
 * Host bits are ignored, as AWS does when it normalises a CIDR. Undefined when malformed
 * (IPv6 included: the checker reasons about IPv4 only). The range is shared: read only.
 */
export function parseCidr(cidr: string): Readonly<Ipv4Range> | undefined {
  if (parsedCidrs.has(cidr)) return parsedCidrs.get(cidr);
  const parsed = parseCidrOnce(cidr);
  if (parsedCidrs.size >= PARSED_CIDRS_MAX) parsedCidrs.clear();
  const range = parsed && Object.freeze(parsed);
  parsedCidrs.set(cidr, range);
  return range;
}

function parseCidrOnce(cidr: string): Ipv4Range | undefined {
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

/** Formats a range that is a whole CIDR block as `a.b.c.d/n`. */
function formatBlock(first: number, prefix: number): string {
  return `${formatIpv4(first)}/${prefix}`;
}

/**
 * Terraform's `cidrsubnet(prefix, newbits, netnum)`: the `netNum`-th block of `newBits`
 * more prefix bits inside `cidr`. Throws a RangeError when it does not fit, as Terraform fails.
 */
export function cidrSubnet(
  cidr: string,
  newBits: number,
  netNum: number,
): string {
  const range = parseCidr(cidr);
  const prefix = Number(cidr.split('/')[1]);
  if (!range || !Number.isInteger(prefix))
    throw new RangeError(`"${cidr}" is not an IPv4 CIDR`);
  const subnetPrefix = prefix + newBits;
  if (subnetPrefix > 32 || netNum < 0 || netNum >= 2 ** newBits) {
    throw new RangeError(
      `cannot fit subnet ${netNum} of /${subnetPrefix} into ${cidr}`,
    );
  }
  return formatBlock(
    range.first + netNum * 2 ** (32 - subnetPrefix),
    subnetPrefix,
  );
}

/** Private ranges a VPC should use: RFC 1918 and the shared address space (RFC 6598). */
export const PRIVATE_IPV4_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
];

/**
 * Why a CIDR cannot be a new VPC's block, naming the fix; undefined when it can. AWS takes
 * /16 to /28 for a VPC (VPC User Guide, "VPC CIDR blocks"); the template asks for /16 to /24
 * so that every AZ's quarter still holds the tasks and endpoint interfaces.
 *
 * @public
 */
export function validateNewVpcCidr(value: string): string | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(value.trim());
  const range = m ? parseCidr(value) : undefined;
  if (!m || !range) return `"${value}" is not an IPv4 CIDR such as 10.0.0.0/16`;
  const prefix = Number(m[2]);
  if (prefix < 16 || prefix > 24) {
    return `"${value}" has prefix /${prefix}; use /16 to /24`;
  }
  if (parseIpv4(m[1]) !== range.first) {
    return `"${value}" has host bits set; did you mean ${formatBlock(
      range.first,
      prefix,
    )}?`;
  }
  if (!PRIVATE_IPV4_RANGES.some(r => cidrContains(r, value))) {
    return `"${value}" is not a private range; use one inside ${PRIVATE_IPV4_RANGES.join(
      ', ',
    )}`;
  }
  return undefined;
}
