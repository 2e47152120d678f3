import {
  describeEgressPath,
  formatAge,
  formatUsd,
  truncateText,
} from './format';

describe('formatAge', () => {
  it.each([
    [0, 'just now'],
    [59, 'just now'],
    [180, '3 min ago'],
    [3599, '59 min ago'],
    [7200, '2 h ago'],
    [3 * 86400, '3 days ago'],
  ])('%i seconds reads %s', (age, text) => {
    expect(formatAge(age)).toBe(text);
  });
});

describe('describeEgressPath', () => {
  it('names PrivateLink for isolated subnets and NAT for nat', () => {
    expect(describeEgressPath('isolated')).toMatch(/PrivateLink/);
    expect(describeEgressPath('nat')).toBe('NAT gateway');
    expect(describeEgressPath('mixed')).toMatch(/Mixed/);
  });
});

describe('formatUsd', () => {
  it('keeps cents', () => {
    expect(formatUsd(43.8)).toBe('$43.80');
    expect(formatUsd(0.045)).toBe('$0.045');
    expect(formatUsd(0.01)).toBe('$0.01');
  });
});

describe('truncateText', () => {
  it('leaves short text alone and cuts long text at a word', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(
      truncateText('ResourceInitializationError: unable to pull', 30),
    ).toBe('ResourceInitializationError:…');
  });
});
