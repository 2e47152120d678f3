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
  { aspect: 'routeTables', title: 'Route tables' },
  { aspect: 'azCoverage', title: 'AZ coverage' },
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

/** One row per endpoint service with an icon-and-text status per aspect. */
export function EndpointTable(props: {
  endpoints: EndpointStatus[];
  region: string;
}) {
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
        </>
      ),
    },
    {
      title: 'Endpoint',
      field: 'endpointId',
      render: endpoint => {
        if (!endpoint.endpointId) return 'none';
        const url = awsConsoleUrl(endpoint.endpointId, props.region);
        return url ? (
          <Link to={url}>{endpoint.endpointId}</Link>
        ) : (
          <code>{endpoint.endpointId}</code>
        );
      },
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
