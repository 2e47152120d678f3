import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { CostEstimate } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { formatUsd } from '../shared/format';

/** What the endpoints cost per month against the NAT alternative. */
export function CostLine(props: { cost?: CostEstimate }) {
  const { cost } = props;
  if (!cost) return null;
  return (
    <Box component="section" aria-labelledby="fargate-endpoints-cost">
      <Typography variant="h6" component="h3" id="fargate-endpoints-cost">
        Cost
      </Typography>
      <Typography variant="body2">{cost.summary}</Typography>
      <Typography variant="body2" color="textSecondary">
        Interface endpoints {formatUsd(cost.endpointsMonthly)} a month (
        {cost.interfaceEndpointAzHours} endpoint-AZs) +{' '}
        {formatUsd(cost.endpointPerGb)}/GB; NAT alternative{' '}
        {formatUsd(cost.natMonthly)} a month for one gateway,{' '}
        {formatUsd(cost.natPerAzMonthly)} for one per AZ, +{' '}
        {formatUsd(cost.natPerGb)}/GB. List prices, before traffic.
      </Typography>
    </Box>
  );
}
