import { formatAge } from './format';

/** "Dec 8, 2026, 00:40 UTC": date, time and zone, in the viewer's locale and time zone. */
export function formatAbsolute(iso: string, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
    timeZone,
  });
}

/** "16 days ago (Nov 21, 2026, 23:40 UTC)": how long ago, and exactly when. */
export function formatWhen(
  iso: string,
  now: Date = new Date(),
  timeZone?: string,
  ageSeconds?: number,
): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const age = ageSeconds ?? (now.getTime() - at) / 1000;
  return `${formatAge(age)} (${formatAbsolute(iso, timeZone)})`;
}

/**
 * The one way the plugin shows a moment: relative, then the date, time and time zone, in a
 * `<time>` element carrying the ISO value. The card and the overview both use it.
 */
export function When(props: {
  iso: string;
  now?: Date;
  /** The age the backend measured, so a browser's wrong clock does not change "3 min ago". */
  ageSeconds?: number;
}) {
  return (
    <time dateTime={props.iso}>
      {formatWhen(props.iso, props.now, undefined, props.ageSeconds)}
    </time>
  );
}
