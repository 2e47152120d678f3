import { render, screen } from '@testing-library/react';
import { formatAbsolute, formatWhen, When } from './When';

describe('formatWhen', () => {
  const now = new Date('2026-12-08T00:40:00Z');

  it('says how long ago and the date, time and zone', () => {
    expect(formatWhen('2026-11-21T23:40:00Z', now, 'UTC')).toMatch(
      /^16 days ago \(Nov 21, 2026, 23:40 UTC\)$/,
    );
    expect(formatWhen('2026-12-08T00:37:00Z', now, 'UTC')).toMatch(
      /^3 min ago \(Dec 8, 2026, 00:37 UTC\)$/,
    );
  });

  it('names the zone it converts to', () => {
    expect(formatAbsolute('2026-12-08T00:37:00Z', 'Europe/Berlin')).toMatch(
      /Dec 8, 2026, 01:37 GMT\+1/,
    );
  });

  it('gives back what it cannot read', () => {
    expect(formatWhen('yesterday', now)).toBe('yesterday');
  });
});

describe('When', () => {
  it('renders a time element with the ISO value', () => {
    render(
      <When
        iso="2026-12-08T00:37:00Z"
        now={new Date('2026-12-08T00:40:00Z')}
      />,
    );
    const time = screen.getByText(/3 min ago/);
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('datetime')).toBe('2026-12-08T00:37:00Z');
  });
});
