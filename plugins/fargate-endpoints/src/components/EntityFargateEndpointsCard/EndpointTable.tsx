import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link, Table, TableColumn } from '@backstage/core-components';
import type {
  AspectStatus,
  EndpointStatus,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { awsConsoleUrl } from '../../console/awsConsoleUrl';
import { AspectStatusLabel } from '../shared/StatusLabels';

type Aspect = keyof EndpointStatus['checks'];

const ASPECT_COLUMNS: Array<{ aspect: Aspect; title: string }> = [
  { aspect: 'present', title: 'Present' },
  { aspect: 'privateDns', title: 'Private DNS' },
  { aspect: 'securityGroups', title: 'Security groups' },
  { aspect: 'routeTables', title: 'Routes' },
  { aspect: 'azCoverage', title: 'AZs' },
  { aspect: 'policy', title: 'Policy' },
];

function aspectColumn(
  aspect: Aspect,
  title: string,
): TableColumn<EndpointStatus> {
  return {
    title,
    field: `checks.${aspect}`,
    render: endpoint => (
      <AspectStatusLabel status={endpoint.checks[aspect] as AspectStatus} />
    ),
  };
}

function EndpointLink(props: { endpoint: EndpointStatus; region: string }) {
  const { endpointId } = props.endpoint;
  if (!endpointId) return <>no endpoint</>;
  const url = awsConsoleUrl(endpointId, props.region);
  return url ? <Link to={url}>{endpointId}</Link> : <code>{endpointId}</code>;
}

/** One row per endpoint service with an icon-and-text status per aspect. */
export function EndpointTable(props: {
  endpoints: EndpointStatus[];
  region: string;
}) {
  // The endpoint id sits under the service name: a column of its own would push the aspect
  // columns out of a half-width card.
  const columns: TableColumn<EndpointStatus>[] = [
    {
      title: 'Service',
      field: 'service',
      highlight: true,
      render: endpoint => (
        <>
          <code>{endpoint.service}</code>
          <Typography variant="caption" component="div" color="textSecondary">
            {endpoint.type}
            {endpoint.needed ? '' : ', not needed but captures traffic'}
          </Typography>
          <Typography variant="caption" component="div">
            <EndpointLink endpoint={endpoint} region={props.region} />
          </Typography>
        </>
      ),
    },
    ...ASPECT_COLUMNS.map(({ aspect, title }) => aspectColumn(aspect, title)),
  ];
  return (
    <Box component="section" aria-labelledby="fargate-endpoints-table" mb={2}>
      <Typography variant="h6" component="h3" id="fargate-endpoints-table">
        Endpoints
      </Typography>
      {props.endpoints.length === 0 ? (
        <Typography variant="body2">
          No endpoint is needed or present.
        </Typography>
      ) : (
        <Table<EndpointStatus>
          columns={columns}
          data={props.endpoints}
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
        />
      )}
    </Box>
  );
}
