import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import {
  type AspectStatus,
  type EndpointStatus,
  type EntityReport,
  endpointReasons,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { awsConsoleUrl } from '../../console/awsConsoleUrl';
import { EndpointStatusLabel } from '../shared/StatusLabels';
import { useStatusListStyles } from '../shared/statusListStyles';

type Aspect = keyof EndpointStatus['checks'];

const ASPECT_WORDS: Record<Aspect, string> = {
  present: 'endpoint',
  privateDns: 'private DNS',
  securityGroups: 'security groups',
  routeTables: 'route tables',
  azCoverage: 'AZ coverage',
  policy: 'policy',
};

function problems(checks: EndpointStatus['checks']): string[] {
  const words: Record<AspectStatus, string | undefined> = {
    fail: 'fails',
    warn: 'warning',
    unknown: 'not checked',
    ok: undefined,
    'n/a': undefined,
  };
  return (Object.keys(ASPECT_WORDS) as Aspect[]).flatMap(aspect => {
    const word = words[checks[aspect]];
    return word ? [`${ASPECT_WORDS[aspect]} ${word}`] : [];
  });
}

function EndpointId(props: { id?: string; url?: string }) {
  if (!props.id) return <>no endpoint</>;
  return props.url ? <Link to={props.url}>{props.id}</Link> : <>{props.id}</>;
}

/** Where a hub's shared endpoint answers the name: the zone (or the Profile) and the hub endpoint. */
function sharedFromText(shared: NonNullable<EndpointStatus['sharedFrom']>) {
  const endpoint = shared.endpointId
    ? `hub endpoint ${shared.endpointId}`
    : 'a hub endpoint';
  const account = shared.accountId ? ` (account ${shared.accountId})` : '';
  const via = shared.zone
    ? `zone ${shared.zone}${
        shared.profileId ? ` from Route 53 Profile ${shared.profileId}` : ''
      }`
    : `Route 53 Profile ${shared.profileId ?? ''}`.trimEnd();
  return `${endpoint}${account} via ${via}`;
}

function EndpointItem(props: {
  endpoint: EndpointStatus;
  report: EntityReport;
}) {
  const { endpoint, report } = props;
  const classes = useStatusListStyles();
  const region = report.target.region;
  const reasons = endpointReasons(report, endpoint);
  const issues = problems(endpoint.checks);
  const url = awsConsoleUrl(endpoint.endpointId, region);
  return (
    <li className={classes.item} aria-label={`Endpoint ${endpoint.service}`}>
      <EndpointStatusLabel checks={endpoint.checks} />
      <div>
        <Typography variant="body2" component="div" className={classes.wrap}>
          <strong>{endpoint.service}</strong>{' '}
          <Typography variant="caption" component="span" color="textSecondary">
            {endpoint.type}
            {' · '}
            {endpoint.sharedFrom ? (
              sharedFromText(endpoint.sharedFrom)
            ) : (
              <EndpointId id={endpoint.endpointId} url={url} />
            )}
          </Typography>
        </Typography>
        {issues.length > 0 && (
          <Typography variant="body2" component="div">
            {issues.join(', ')}
          </Typography>
        )}
        <Typography
          variant="caption"
          component="div"
          color="textSecondary"
          className={classes.wrap}
        >
          {endpoint.needed
            ? `Needed: ${
                reasons.length > 0
                  ? reasons.join('; ')
                  : `for ${endpoint.need ?? 'a need of the service'}`
              }`
            : 'Not needed, but it captures traffic for this service'}
        </Typography>
      </div>
    </li>
  );
}

/** One line per endpoint service: its state, what fails, and why the service needs it. */
export function EndpointList(props: { report: EntityReport }) {
  const classes = useStatusListStyles();
  const { endpoints } = props.report;
  return (
    <Box component="section" aria-labelledby="fargate-endpoints-list" mb={2}>
      <Typography
        variant="subtitle2"
        component="h3"
        id="fargate-endpoints-list"
        gutterBottom
      >
        Endpoints ({endpoints.length})
      </Typography>
      {endpoints.length === 0 ? (
        <Typography variant="body2">
          No endpoint is needed or present.
        </Typography>
      ) : (
        <ul className={classes.list}>
          {endpoints.map(endpoint => (
            <EndpointItem
              key={`${endpoint.serviceName}-${endpoint.type}-${
                endpoint.endpointId ?? ''
              }`}
              endpoint={endpoint}
              report={props.report}
            />
          ))}
        </ul>
      )}
    </Box>
  );
}
