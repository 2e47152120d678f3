/**
 * IPv4 CIDR arithmetic for the new VPC: validate the block the user asks for and compute
 * the per-AZ subnets the same way Terraform's `cidrsubnet` will, so the README and the
 * outputs name the real ranges.
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined when malformed. Host bits are kept (see {@link networkAddress}). */
export function parseIpv4Cidr(value: string): Ipv4Cidr | undefined {
  const m = CIDR.exec(value);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some(o => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The block's network address (host bits cleared). */
export function networkAddress(cidr: Ipv4Cidr): number {
  return (cidr.base & mask(cidr.prefix)) >>> 0;
}

/** Formats a 32-bit address and prefix as `a.b.c.d/n`. */
export function formatCidr(base: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map(shift => (base >>> shift) & 255);
  return `${octets.join('.')}/${prefix}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    networkAddress({ base: inner.base, prefix: outer.prefix }) ===
      networkAddress(outer)
  );
}

/** Private ranges a VPC should use: RFC 1918 and the shared address space. */
export const PRIVATE_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
].map(c => parseIpv4Cidr(c)!);

/** Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrSubnet(
  cidr: Ipv4Cidr,
  newBits: number,
  netNum: number,
): string {
  const prefix = cidr.prefix + newBits;
  if (prefix > 32 || netNum >= 2 ** newBits) {
    throw new Error(
      `cannot fit subnet ${netNum} of /${prefix} into /${cidr.prefix}`,
    );
  }
  const base = (networkAddress(cidr) + netNum * 2 ** (32 - prefix)) >>> 0;
  return formatCidr(base, prefix);
}
