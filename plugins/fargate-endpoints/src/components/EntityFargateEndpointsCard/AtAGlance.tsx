import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { VerdictLabel } from '../shared/StatusLabels';
import { describeEgressPath, formatAge } from '../shared/format';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: 0,
    '& dt': { fontWeight: theme.typography.fontWeightMedium as number },
    '& dd': { margin: 0 },
  },
  subnets: { margin: 0, paddingLeft: theme.spacing(2) },
}));

function verdictExplanation(report: EntityReport): string {
  const errors = report.findings.filter(f => f.severity === 'error').length;
  switch (report.verdict) {
    case 'ready':
      return 'No error found and every check ran: tasks can start.';
    case 'not-ready':
      return `${errors} ${
        errors === 1 ? 'error stops' : 'errors stop'
      } tasks from starting.`;
    default:
      return `No error found, but ${report.unknown.length} ${
        report.unknown.length === 1 ? 'check' : 'checks'
      } could not run: this is not a pass.`;
  }
}

/** The verdict, the egress path and how fresh the data is. */
export function AtAGlance(props: { report: EntityReport }) {
  const { report } = props;
  const classes = useStyles();
  return (
    <Box component="section" aria-labelledby="fargate-endpoints-glance" mb={2}>
      <Typography variant="h6" component="h3" id="fargate-endpoints-glance">
        At a glance
      </Typography>
      <dl className={classes.facts}>
        <dt>Verdict</dt>
        <dd>
          <VerdictLabel verdict={report.verdict} />
          <Typography variant="body2" color="textSecondary">
            {verdictExplanation(report)}
          </Typography>
        </dd>
        <dt>Egress path</dt>
        <dd>
          {describeEgressPath(report.path)}
          {report.path === 'mixed' && (
            <ul className={classes.subnets}>
              {report.subnets.map(subnet => (
                <li key={subnet.subnetId}>
                  <code>{subnet.subnetId}</code>
                  {subnet.availabilityZone &&
                    ` (${subnet.availabilityZone})`}:{' '}
                  {describeEgressPath(subnet.path)}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Checked</dt>
        <dd>
          <time dateTime={report.checkedAt} title={report.checkedAt}>
            {formatAge(report.ageSeconds)}
          </time>
          {report.stale && (
            <Typography variant="body2" color="error" component="span">
              {' '}
              (stale: the last refresh failed, this is older data)
            </Typography>
          )}
        </dd>
      </dl>
    </Box>
  );
}
