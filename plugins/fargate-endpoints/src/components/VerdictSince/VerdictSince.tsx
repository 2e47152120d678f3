import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import type {
  EntityHistoryResponse,
  HistoryEntry,
  Verdict,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import useAsync from 'react-use/esm/useAsync';
import { fargateEndpointsApiRef } from '../../api';
import { formatWhen } from '../shared/When';

const VERDICT_WORDS: Record<Verdict, string> = {
  ready: 'Ready',
  'not-ready': 'Not ready',
  unknown: 'Unknown',
};

/**
 * When the verdict changed, the plugin's one way to say a moment: "16 days ago (Nov 21,
 * 2026, 23:40 UTC)", relative, then the date, time and zone (see the shared `When`).
 */
export function formatSince(iso: string, now: Date = new Date()): string {
  return formatWhen(iso, now);
}

/** The one line about the current verdict: "Not ready since 03:12, after <change>". */
export function sinceLine(
  history: EntityHistoryResponse,
  now?: Date,
): string | undefined {
  const { current } = history;
  // A single entry only says when the sweep first saw the service, not when it changed.
  if (!current || history.entries.length < 2) return undefined;
  const since = `${VERDICT_WORDS[current.verdict]} since ${formatSince(
    current.since,
    now,
  )}`;
  return current.cause ? `${since}, after ${current.cause.message}` : since;
}

function TimelineItem(props: { entry: HistoryEntry }) {
  const { entry } = props;
  const [change] = entry.changes;
  return (
    <li>
      <Typography variant="body2" component="span">
        {formatSince(entry.checkedAt)}: {VERDICT_WORDS[entry.verdict]}
        {change ? ` (${change.message})` : ''}
      </Typography>
    </li>
  );
}

/**
 * Since when the service has its verdict, after which change of its VPC, and a short
 * timeline, from the background sweep's history. Renders nothing while the history loads,
 * when there is none yet, or when it cannot be read: the report above says the rest.
 */
export function VerdictSince(props: {
  entityRef: string;
  /** Reloads the history when the report changes (a refresh, a new sweep). */
  checkedAt?: string;
  /** How many changes the timeline lists. Default 5. */
  maxEntries?: number;
}) {
  const { entityRef, checkedAt, maxEntries = 5 } = props;
  const api = useApi(fargateEndpointsApiRef);
  const { value } = useAsync(
    async () => api.getEntityHistory?.(entityRef),
    [api, entityRef, checkedAt],
  );
  if (!value) return null;
  const line = sinceLine(value);
  if (!line) return null;
  return (
    <Box mb={2} aria-label="Verdict history">
      <Typography variant="body2">
        <strong>{line}</strong>
      </Typography>
      {value.entries.length > 1 && (
        <Box component="ol" m={0} pl={3} aria-label="Recent changes">
          {value.entries.slice(0, maxEntries).map(entry => (
            <TimelineItem key={entry.checkedAt} entry={entry} />
          ))}
        </Box>
      )}
    </Box>
  );
}
