import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  type EntityReport,
  verdictSummary,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { ToneLabel, VerdictLabel } from '../shared/StatusLabels';
import { AwsText } from '../shared/AwsText';
import { formatAge } from '../shared/format';
import { isPreflight } from '../shared/preflight';

const useStyles = makeStyles(theme => ({
  verdict: {
    fontSize: '1.0625rem',
    fontWeight: theme.typography.fontWeightMedium as number,
    lineHeight: 1.4,
    margin: 0,
  },
}));

function secondsSince(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : (Date.now() - time) / 1000;
}

/**
 * A pre-flight's verdict speaks of a task that does not exist yet: what the network would
 * give it, in a neutral tone, never a red outage.
 */
function preflightSummary(report: EntityReport): string {
  const summary = verdictSummary(report);
  const reasons = summary.replace(/^[^:]*:\s*/, '');
  if (report.verdict === 'ready') {
    return 'Pre-flight: a task started in this network would reach every AWS service it needs';
  }
  if (report.verdict === 'not-ready') {
    return `Pre-flight: a task started in this network would not start yet: ${reasons}`;
  }
  return `Pre-flight: ${summary}`;
}

/**
 * The answer first: the verdict in one line naming what fails, and when the data is stale,
 * why and how old it is.
 */
export function VerdictHeader(props: { report: EntityReport }) {
  const { report } = props;
  const classes = useStyles();
  const staleFor = secondsSince(report.staleSince);
  const preflight = isPreflight(report);
  const text = preflight ? preflightSummary(report) : verdictSummary(report);
  return (
    <Box component="section" aria-label="Verdict" mb={1}>
      <p className={classes.verdict} data-testid="fargate-endpoints-verdict">
        {preflight ? (
          <ToneLabel tone={report.verdict === 'ready' ? 'ok' : 'info'} wrap>
            <AwsText text={text} />
          </ToneLabel>
        ) : (
          <VerdictLabel verdict={report.verdict}>
            <AwsText text={text} />
          </VerdictLabel>
        )}
      </p>
      {report.stale && (
        <Box mt={1}>
          <Alert severity="warning" role="status">
            {report.staleReason
              ? `Stale: the last refresh failed${
                  staleFor !== undefined ? ` ${formatAge(staleFor)}` : ''
                }: ${report.staleReason}.`
              : 'Stale: this report is older than the refresh interval.'}{' '}
            Showing what AWS said {formatAge(report.ageSeconds)}.
          </Alert>
        </Box>
      )}
    </Box>
  );
}
