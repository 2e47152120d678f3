import { IDENTIFY_ORDER, PROTOCOLS } from './protocols';

describe('the protocol table', () => {
  it('tries every service it has a protocol for, EC2 (which takes every Query request left) last', () => {
    expect(new Set(IDENTIFY_ORDER)).toEqual(new Set(Object.values(PROTOCOLS)));
    expect(IDENTIFY_ORDER).toHaveLength(Object.keys(PROTOCOLS).length);
    expect(IDENTIFY_ORDER[IDENTIFY_ORDER.length - 1]).toBe(PROTOCOLS.ec2);
    expect(IDENTIFY_ORDER.indexOf(PROTOCOLS.sts)).toBeLessThan(
      IDENTIFY_ORDER.indexOf(PROTOCOLS.ec2),
    );
  });

  it('names each protocol after the service it is filed under', () => {
    for (const [service, protocol] of Object.entries(PROTOCOLS))
      expect(protocol.service).toBe(service);
  });
});
