import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  awsConsoleUrl,
  ecsServiceConsoleUrl,
  logGroupConsoleUrl,
} from '../../console/awsConsoleUrl';
import { AwsId } from '../shared/AwsText';
import { describeEgressPath } from '../shared/format';
import { When } from '../shared/When';
import { isPreflight } from '../shared/preflight';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(0, 0, 1.5),
    ...theme.typography.body2,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  links: {
    display: 'inline-flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(1.5),
  },
  subnets: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/**
 * "1 of 2 running": and when fewer run than ECS wants and none is starting, says so, since
 * a Ready network does not mean every task is up.
 */
export function taskCountWords(target: EntityReport['target']): {
  counts: string;
  shortfall?: string;
} {
  const { desiredCount, runningCount, pendingCount } = target;
  if (desiredCount === undefined || runningCount === undefined) {
    return { counts: '' };
  }
  const counts = `${runningCount} of ${desiredCount} running${
    pendingCount ? `, ${pendingCount} starting` : ''
  }`;
  const missing = desiredCount - runningCount - (pendingCount ?? 0);
  if (missing <= 0) return { counts };
  return {
    counts,
    shortfall: `${missing} ${
      missing === 1 ? 'task' : 'tasks'
    } short and none starting: see the stopped task and the service's events`,
  };
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
          {logGroups.length === 1 ? 'Logs' : <AwsId>{`Logs ${group}`}</AwsId>}
        </Link>
      ))}
      {serviceLogs && <Link to={serviceLogs}>Logs</Link>}
      {vpc && target.vpcId && (
        <Link to={vpc} aria-label={`VPC ${target.vpcId} in the AWS console`}>
          VPC <AwsId>{target.vpcId}</AwsId>
        </Link>
      )}
    </span>
  );
}

/** The tasks, the console links, the egress path and when AWS was read. */
export function ServiceFacts(props: { report: EntityReport }) {
  const { report } = props;
  const classes = useStyles();
  const { counts, shortfall } = taskCountWords(report.target);
  return (
    <section aria-label="Service">
      <dl className={classes.facts}>
        <dt>Tasks</dt>
        <dd>
          {counts ? (
            <strong>{counts}</strong>
          ) : (
            <>
              {isPreflight(report)
                ? 'none yet: a pre-flight of the network the annotations name'
                : 'not an ECS service yet'}
            </>
          )}
          {counts && ' · '}
          <ConsoleLinks report={report} />
          {shortfall && (
            <div data-testid="fargate-endpoints-shortfall">{shortfall}</div>
          )}
        </dd>
        <dt>Path</dt>
        <dd>
          {describeEgressPath(report.path)}
          {report.path === 'mixed' && (
            <ul className={classes.subnets}>
              {report.subnets.map(subnet => (
                <li key={subnet.subnetId}>
                  <AwsId>{subnet.subnetId}</AwsId>
                  {subnet.availabilityZone && (
                    <>
                      {' '}
                      (<AwsId>{subnet.availabilityZone}</AwsId>)
                    </>
                  )}
                  : {describeEgressPath(subnet.path)}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Checked</dt>
        <dd>
          <When iso={report.checkedAt} ageSeconds={report.ageSeconds} /> ·{' '}
          <AwsId>{report.target.region}</AwsId>
        </dd>
      </dl>
    </section>
  );
}
