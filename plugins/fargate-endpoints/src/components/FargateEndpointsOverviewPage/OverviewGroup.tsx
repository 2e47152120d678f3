import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  OverviewService,
  OverviewVpcGroup,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { VerdictLabel } from '../shared/StatusLabels';
import { describeEgressPath } from '../shared/format';
import { When } from '../shared/When';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    rowGap: theme.spacing(0.5),
    padding: theme.spacing(1.5, 2),
    borderTop: `1px solid ${theme.palette.divider}`,
    overflowWrap: 'anywhere',
    [theme.breakpoints.up('sm')]: {
      gridTemplateColumns:
        'minmax(10rem, 1fr) minmax(0, 2fr) minmax(8rem, 1fr)',
      columnGap: theme.spacing(2),
    },
  },
  heading: { padding: theme.spacing(1.5, 2), overflowWrap: 'anywhere' },
  // Captions in the primary text colour: the secondary grey on this background is below 4.5:1.
  caption: { color: theme.palette.text.primary },
  problems: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
}));

function groupHeading(group: OverviewVpcGroup): string {
  const planned =
    group.services.length > 0 && group.services.every(s => s.notDeployed);
  let vpc = group.vpcId;
  if (group.vpcId === 'unknown')
    vpc = planned ? 'VPC not created yet' : 'VPC unknown';
  return `Account ${group.accountId} · ${group.region} · ${vpc}`;
}

/** The entity's name from its ref (`component:default/payments-api` → `payments-api`). */
function entityName(entityRef: string): string {
  return entityRef.slice(entityRef.lastIndexOf('/') + 1);
}

function ServiceItem(props: { service: OverviewService }) {
  const { service } = props;
  const classes = useStyles();
  const entityLink = useEntityRefLink();
  // Endpoint names in words; older backends only send rule ids.
  const problems = service.errorHeadlines?.length
    ? service.errorHeadlines
    : service.errorRules;
  return (
    <li className={classes.item}>
      <div>
        <Link to={entityLink(service.entityRef)}>
          {service.title ?? entityName(service.entityRef)}
        </Link>
        <Typography
          variant="caption"
          component="div"
          className={classes.caption}
        >
          {service.entityRef}
        </Typography>
      </div>
      <div>
        {service.notDeployed ? (
          <>
            <VerdictLabel verdict="unknown">Not deployed yet</VerdictLabel>
            <Typography variant="body2" component="p">
              {service.notDeployed.linkedBy}
            </Typography>
          </>
        ) : (
          <VerdictLabel verdict={service.verdict} />
        )}
        {service.verdict === 'not-ready' && service.notReadySince && (
          <Typography variant="body2" component="p">
            Not ready since <When iso={service.notReadySince} />
          </Typography>
        )}
        {service.problem && (
          <Typography variant="body2" component="p">
            {service.problem}
          </Typography>
        )}
        {problems.length > 0 && (
          <ul className={classes.problems} aria-label="What fails">
            {problems.map(problem => (
              <li key={problem}>
                <Typography variant="body2" component="span">
                  {problem}
                </Typography>
              </li>
            ))}
          </ul>
        )}
        {service.verdict === 'unknown' &&
          !service.notDeployed &&
          service.counts.unknown > 0 && (
            <Typography variant="body2" component="p">
              {service.counts.unknown}{' '}
              {service.counts.unknown === 1 ? 'check' : 'checks'} could not run
            </Typography>
          )}
      </div>
      <Typography variant="body2" component="div">
        {service.notDeployed
          ? `Planned: ${service.notDeployed.networkPlan}`
          : describeEgressPath(service.path)}
      </Typography>
    </li>
  );
}

/** The services of one VPC, under an account / region / VPC heading, worst first. */
export function OverviewGroup(props: { group: OverviewVpcGroup }) {
  const { group } = props;
  const classes = useStyles();
  const headingId = `vpc-${group.accountId}-${group.region}-${group.vpcId}`;
  return (
    <Paper component="section" aria-labelledby={headingId} variant="outlined">
      <Typography
        variant="h6"
        component="h2"
        id={headingId}
        className={classes.heading}
      >
        {groupHeading(group)}
      </Typography>
      <ul className={classes.list}>
        {group.services.map(service => (
          <ServiceItem key={service.entityRef} service={service} />
        ))}
      </ul>
    </Paper>
  );
}
