import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import {
  type AspectStatus,
  type EndpointStatus,
  type EntityReport,
  endpointReasons,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { awsConsoleUrl } from '../../console/awsConsoleUrl';
import { AwsId, AwsText } from '../shared/AwsText';
import { EndpointStatusLabel, ToneLabel } from '../shared/StatusLabels';
import { useStatusListStyles } from '../shared/statusListStyles';

type Aspect = keyof EndpointStatus['checks'];

/** What a failing aspect means, as a phrase: "route tables missing", not "route tables fails". */
const ASPECT_FAIL_WORDS: Record<Aspect, string> = {
  present: 'no working endpoint',
  privateDns: 'private DNS off',
  securityGroups: 'security groups block HTTPS',
  routeTables: 'route table association missing',
  azCoverage: 'a task AZ not covered',
  policy: 'policy denies what the tasks need',
};

const ASPECT_NAMES: Record<Aspect, string> = {
  present: 'endpoint',
  privateDns: 'private DNS',
  securityGroups: 'security groups',
  routeTables: 'route tables',
  azCoverage: 'AZ coverage',
  policy: 'policy',
};

/** The aspects that are not fine, in words. */
export function endpointProblems(checks: EndpointStatus['checks']): string[] {
  return (Object.keys(ASPECT_NAMES) as Aspect[]).flatMap(aspect => {
    const status: AspectStatus = checks[aspect];
    if (status === 'fail') return [ASPECT_FAIL_WORDS[aspect]];
    if (status === 'warn') return [`${ASPECT_NAMES[aspect]} warning`];
    if (status === 'unknown') return [`${ASPECT_NAMES[aspect]} not checked`];
    return [];
  });
}

/**
 * A needed service with no endpoint that the tasks reach another way (a NAT gateway, an
 * internet gateway, a custom route): not a green Ready beside "no endpoint", but that way.
 */
export function reachedWithoutEndpoint(
  endpoint: EndpointStatus,
  report: Pick<EntityReport, 'path'>,
): string | undefined {
  if (endpoint.endpointId || endpoint.sharedFrom) return undefined;
  if (Object.values(endpoint.checks).some(s => s === 'fail')) return undefined;
  switch (report.path) {
    case 'nat':
      return 'reached through the NAT gateway';
    case 'public':
      return 'reached through the internet gateway';
    case 'custom':
      return 'reached through the custom default route';
    default:
      return undefined;
  }
}

/** Whether an endpoint row needs no attention: every aspect fine, or reached another way. */
export function endpointIsFine(
  endpoint: EndpointStatus,
  report: Pick<EntityReport, 'path'>,
): boolean {
  return (
    endpointProblems(endpoint.checks).length === 0 ||
    reachedWithoutEndpoint(endpoint, report) !== undefined
  );
}

const OTHER_WAY_LABEL: Partial<Record<EntityReport['path'], string>> = {
  nat: 'Via NAT',
  public: 'Via internet',
  custom: 'Via route',
};

function EndpointId(props: { id?: string; url?: string }) {
  if (!props.id) return <>no endpoint</>;
  const id = <AwsId>{props.id}</AwsId>;
  return props.url ? <Link to={props.url}>{id}</Link> : id;
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
  const issues = endpointProblems(endpoint.checks);
  const otherWay = reachedWithoutEndpoint(endpoint, report);
  const url = awsConsoleUrl(endpoint.endpointId, region);
  return (
    <li className={classes.item} aria-label={`Endpoint ${endpoint.service}`}>
      {otherWay ? (
        <ToneLabel tone="none">
          {OTHER_WAY_LABEL[report.path] ?? 'Other way'}
        </ToneLabel>
      ) : (
        <EndpointStatusLabel checks={endpoint.checks} />
      )}
      <div>
        <Typography variant="body2" component="div">
          <strong>{endpoint.service}</strong>{' '}
          <Typography variant="caption" component="span" color="textSecondary">
            {endpoint.type}
            {' · '}
            {endpoint.sharedFrom ? (
              <AwsText text={sharedFromText(endpoint.sharedFrom)} />
            ) : (
              <>
                <EndpointId id={endpoint.endpointId} url={url} />
                {otherWay && `: ${otherWay}`}
              </>
            )}
          </Typography>
        </Typography>
        {!otherWay && issues.length > 0 && (
          <Typography variant="body2" component="div">
            {issues.join(', ')}
          </Typography>
        )}
        {!endpoint.needed && (
          <Typography variant="caption" component="div" color="textSecondary">
            Not needed, but it captures traffic for this service
          </Typography>
        )}
      </div>
    </li>
  );
}

/** Why a group of endpoints is needed, once for the group. */
function needWords(report: EntityReport, endpoint: EndpointStatus): string {
  if (!endpoint.needed) return '';
  const reasons = endpointReasons(report, endpoint);
  return reasons.length > 0
    ? reasons.join('; ')
    : `for ${endpoint.need ?? 'a need of the service'}`;
}

/** Endpoints grouped by why they are needed, in first-seen order. */
function groupByNeed(
  report: EntityReport,
  endpoints: EndpointStatus[],
): Array<{ reason: string; endpoints: EndpointStatus[] }> {
  const groups = new Map<string, EndpointStatus[]>();
  for (const endpoint of endpoints) {
    const reason = needWords(report, endpoint);
    groups.set(reason, [...(groups.get(reason) ?? []), endpoint]);
  }
  return [...groups].map(([reason, members]) => ({
    reason,
    endpoints: members,
  }));
}

/**
 * Endpoint rows: each one's state and what is wrong with it, under one line per reason it is
 * needed ("Needed: container app pulls payments:1.4.2 …" once, not on every ECR row).
 */
export function EndpointList(props: {
  report: EntityReport;
  endpoints: EndpointStatus[];
}) {
  const classes = useStatusListStyles();
  const { report } = props;
  return (
    <>
      {groupByNeed(report, props.endpoints).map(group => (
        <div key={group.reason}>
          {group.reason && (
            <Typography
              variant="caption"
              component="p"
              color="textSecondary"
              className={classes.groupReason}
            >
              Needed: <AwsText text={group.reason} />
            </Typography>
          )}
          <ul className={classes.list}>
            {group.endpoints.map(endpoint => (
              <EndpointItem
                key={`${endpoint.serviceName}-${endpoint.type}-${
                  endpoint.endpointId ?? ''
                }`}
                endpoint={endpoint}
                report={report}
              />
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}
