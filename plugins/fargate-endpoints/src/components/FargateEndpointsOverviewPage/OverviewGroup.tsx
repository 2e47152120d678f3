import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, LinkButton } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  OverviewService,
  OverviewVpcGroup,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { ReactNode } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { verdictWords } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { ToneLabel, VerdictLabel } from '../shared/StatusLabels';
import { AwsId, AwsText } from '../shared/AwsText';
import { serviceBucket } from '../shared/preflight';
import { SCAFFOLDER_PATH } from '../EntityFargateEndpointsCard/FixVpcAction';
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
    [theme.breakpoints.up('sm')]: {
      gridTemplateColumns:
        'minmax(10rem, 1fr) minmax(8rem, 1fr) minmax(0, 2fr) minmax(8rem, 1fr)',
      columnGap: theme.spacing(2),
    },
  },
  columns: {
    display: 'none',
    [theme.breakpoints.up('sm')]: {
      display: 'grid',
      gridTemplateColumns:
        'minmax(10rem, 1fr) minmax(8rem, 1fr) minmax(0, 2fr) minmax(8rem, 1fr)',
      columnGap: theme.spacing(2),
      padding: theme.spacing(0.5, 2),
      ...theme.typography.caption,
      color: theme.palette.text.secondary,
    },
  },
  // Each value of the heading stays whole ("eu-west-1", never "eu-west-" / "1").
  heading: {
    padding: theme.spacing(1.5, 2),
    [theme.breakpoints.down('xs')]: { fontSize: '1rem' },
  },
  fix: { textTransform: 'none', marginTop: theme.spacing(0.5) },
  // Captions in the primary text colour: the secondary grey on this background is below 4.5:1.
  caption: { color: theme.palette.text.primary },
  // Said on a phone, where the columns stack; a column header says it on wider screens.
  ownerLabel: {
    color: theme.palette.text.secondary,
    [theme.breakpoints.up('sm')]: { display: 'none' },
  },
  problems: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
}));

function groupHeading(group: OverviewVpcGroup): ReactNode {
  const planned =
    group.services.length > 0 && group.services.every(s => s.notDeployed);
  let vpc = group.vpcId;
  if (group.vpcId === 'unknown')
    vpc = planned ? 'VPC not created yet' : 'VPC unknown';
  return (
    <>
      Account <AwsId>{group.accountId}</AwsId> · <AwsId>{group.region}</AwsId> ·{' '}
      {group.vpcId === 'unknown' ? vpc : <AwsId>{vpc}</AwsId>}
    </>
  );
}

/** The entity's name from its ref (`component:default/payments-api` → `payments-api`). */
function entityName(entityRef: string): string {
  return entityRef.slice(entityRef.lastIndexOf('/') + 1);
}

/** The owner, as a link to its catalog page; a bare name is a group in the default namespace. */
function Owner(props: { owner?: string }) {
  const entityLink = useEntityRefLink();
  if (!props.owner) return <>no owner in the catalog</>;
  let ref;
  try {
    ref = parseEntityRef(props.owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return <>{props.owner}</>;
  }
  return <Link to={entityLink(ref)}>{ref.name}</Link>;
}

/** Where the fix is: the template with the form filled in, or the service's card. */
function FixLink(props: { service: OverviewService; entityUrl: string }) {
  const { service, entityUrl } = props;
  const classes = useStyles();
  const name = service.title ?? entityName(service.entityRef);
  if (service.fixTemplatePath) {
    return (
      <LinkButton
        to={`${SCAFFOLDER_PATH}${service.fixTemplatePath}`}
        variant="outlined"
        color="primary"
        size="small"
        className={classes.fix}
        aria-label={`Add the missing endpoints for ${name}`}
      >
        Add the missing endpoints
      </LinkButton>
    );
  }
  if (serviceBucket(service) !== 'not-ready') return null;
  return (
    <Link to={entityUrl} aria-label={`The fix for ${name}, on its card`}>
      See the fix on its card
    </Link>
  );
}

/** The verdict, or what a service that does not run yet is: not deployed, a pre-flight. */
function ServiceVerdict(props: { service: OverviewService }) {
  const { service } = props;
  if (service.notDeployed) {
    return (
      <>
        <VerdictLabel verdict="unknown">Not deployed yet</VerdictLabel>
        <Typography variant="body2" component="p">
          {service.notDeployed.linkedBy}
        </Typography>
      </>
    );
  }
  if (serviceBucket(service) === 'preflight') {
    return (
      <ToneLabel tone={service.verdict === 'ready' ? 'ok' : 'info'}>
        {service.verdict === 'not-ready'
          ? 'Pre-flight: a task would not start yet'
          : `Pre-flight: ${verdictWords(service.verdict)}`}
      </ToneLabel>
    );
  }
  return <VerdictLabel verdict={service.verdict} />;
}

function ServiceItem(props: { service: OverviewService }) {
  const { service } = props;
  const classes = useStyles();
  const entityLink = useEntityRefLink();
  const bucket = serviceBucket(service);
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
      <Typography variant="body2" component="div">
        <span className={classes.ownerLabel}>Owner: </span>
        <Owner owner={service.owner} />
      </Typography>
      <div>
        <ServiceVerdict service={service} />
        {bucket === 'not-ready' && service.notReadySince && (
          <Typography variant="body2" component="p">
            Not ready since <When iso={service.notReadySince} />
          </Typography>
        )}
        {service.problem && (
          <Typography variant="body2" component="p">
            <AwsText text={service.problem} />
          </Typography>
        )}
        {problems.length > 0 && (
          <ul className={classes.problems} aria-label="What fails">
            {problems.map(problem => (
              <li key={problem}>
                <Typography variant="body2" component="span">
                  <AwsText text={problem} />
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
      <div>
        <Typography variant="body2" component="div">
          {service.notDeployed ? (
            <AwsText text={`Planned: ${service.notDeployed.networkPlan}`} />
          ) : (
            describeEgressPath(service.path)
          )}
        </Typography>
        <FixLink service={service} entityUrl={entityLink(service.entityRef)} />
      </div>
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
      {/* Column names where the columns sit side by side; each cell says its own on a phone. */}
      <div className={classes.columns} aria-hidden>
        <span>Service</span>
        <span>Owner</span>
        <span>Verdict</span>
        <span>Path and fix</span>
      </div>
      <ul className={classes.list}>
        {group.services.map(service => (
          <ServiceItem key={service.entityRef} service={service} />
        ))}
      </ul>
    </Paper>
  );
}
