import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { Link } from '@backstage/core-components';
import {
  type EntityReport,
  verdictSummary,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  awsConsoleUrl,
  ecsServiceConsoleUrl,
  logGroupConsoleUrl,
} from '../../console/awsConsoleUrl';
import { VerdictLabel } from '../shared/StatusLabels';
import { describeEgressPath, formatAge } from '../shared/format';

const useStyles = makeStyles(theme => ({
  verdict: {
    fontSize: '1.0625rem',
    fontWeight: theme.typography.fontWeightMedium as number,
    lineHeight: 1.4,
    margin: 0,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1.5, 0, 0),
    ...theme.typography.body2,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  links: {
    display: 'inline-flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(1.5),
  },
  subnets: { margin: 0, paddingLeft: theme.spacing(2) },
}));

function secondsSince(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : (Date.now() - time) / 1000;
}

function TaskCounts(props: { report: EntityReport }) {
  const { desiredCount, runningCount, pendingCount } = props.report.target;
  if (desiredCount === undefined || runningCount === undefined) return null;
  return (
    <>
      <strong>
        {runningCount} of {desiredCount} running
      </strong>
      {pendingCount ? `, ${pendingCount} starting` : ''}
    </>
  );
}

/** Links to the ECS service, its logs and the VPC, in the console of the report's partition. */
function ConsoleLinks(props: { report: EntityReport }) {
  const classes = useStyles();
  const { target } = props.report;
  const service = ecsServiceConsoleUrl(target.serviceArn);
  const logGroups = (target.logGroups ?? []).flatMap(group => {
    const url = logGroupConsoleUrl(group, target.region);
    return url ? [{ group, url }] : [];
  });
  const serviceLogs =
    logGroups.length === 0
      ? ecsServiceConsoleUrl(target.serviceArn, 'logs')
      : undefined;
  const vpc = awsConsoleUrl(target.vpcId, target.region);
  return (
    <span className={classes.links}>
      {service && <Link to={service}>ECS service</Link>}
      {logGroups.map(({ group, url }) => (
        <Link
          key={group}
          to={url}
          aria-label={`CloudWatch logs ${group}`}
          title={group}
        >
          {logGroups.length === 1 ? 'Logs' : `Logs ${group}`}
        </Link>
      ))}
      {serviceLogs && <Link to={serviceLogs}>Logs</Link>}
      {vpc && (
        <Link to={vpc} aria-label={`VPC ${target.vpcId} in the AWS console`}>
          VPC {target.vpcId}
        </Link>
      )}
    </span>
  );
}

/**
 * The answer first: the verdict in one line naming what fails, then the tasks, the console
 * links, the egress path and how fresh the data is.
 */
export function VerdictHeader(props: { report: EntityReport }) {
  const { report } = props;
  const classes = useStyles();
  const summary = verdictSummary(report);
  const staleFor = secondsSince(report.staleSince);
  const hasTasks =
    report.target.desiredCount !== undefined &&
    report.target.runningCount !== undefined;
  return (
    <Box component="section" aria-label="Verdict" mb={2}>
      <p className={classes.verdict} data-testid="fargate-endpoints-verdict">
        <VerdictLabel verdict={report.verdict}>{summary}</VerdictLabel>
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
      <dl className={classes.facts}>
        <dt>Tasks</dt>
        <dd>
          {hasTasks ? <TaskCounts report={report} /> : 'not an ECS service yet'}
          {hasTasks && ' · '}
          <ConsoleLinks report={report} />
        </dd>
        <dt>Path</dt>
        <dd>
          {describeEgressPath(report.path)}
          {report.path === 'mixed' && (
            <ul className={classes.subnets}>
              {report.subnets.map(subnet => (
                <li key={subnet.subnetId}>
                  {subnet.subnetId}
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
          {' · '}
          {report.target.region}
        </dd>
      </dl>
    </Box>
  );
}
