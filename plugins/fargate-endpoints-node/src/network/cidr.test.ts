import {
  cidrContains,
  cidrContainsAddress,
  cidrsCoverAll,
  parseCidr,
} from './cidr';

describe('CIDR arithmetic', () => {
  it('parses ranges and normalises host bits', () => {
    expect(parseCidr('10.0.1.0/24')).toEqual({
      first: 167772416,
      last: 167772671,
    });
    expect(parseCidr('10.0.1.77/24')).toEqual(parseCidr('10.0.1.0/24'));
    expect(parseCidr('0.0.0.0/0')).toEqual({ first: 0, last: 4294967295 });
  });

  it('rejects malformed and IPv6 CIDRs', () => {
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.256.0/24')).toBeUndefined();
    expect(parseCidr('2001:db8::/32')).toBeUndefined();
    expect(parseCidr('10.0.0.0/')).toBeUndefined();
  });

  it('decides containment', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.1.0/24')).toBe(true);
    expect(cidrContains('10.0.1.0/24', '10.0.0.0/16')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '52.216.0.0/15')).toBe(true);
    expect(cidrContains('10.1.0.0/16', '10.0.1.0/24')).toBe(false);
    expect(cidrContainsAddress('10.0.0.0/16', '10.0.11.25')).toBe(true);
    expect(cidrContainsAddress('10.0.0.0/16', '52.94.1.1')).toBe(false);
  });

  it('judges coverage on the union of the covering CIDRs', () => {
    expect(
      cidrsCoverAll(['10.0.1.0/25', '10.0.1.128/25'], ['10.0.1.0/24']),
    ).toBe(true);
    expect(cidrsCoverAll(['10.0.1.0/25'], ['10.0.1.0/24'])).toBe(false);
    expect(cidrsCoverAll(['10.0.1.0/24'], ['10.0.1.0/24', '10.0.2.0/24'])).toBe(
      false,
    );
    expect(cidrsCoverAll(['10.0.0.0/8'], [])).toBe(false);
  });
});
