import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import {
  type CostEstimate,
  type ReportPath,
  sharedEndpointsCostWords,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { formatUsd } from '../shared/format';
import { AwsText } from '../shared/AwsText';

/** The cost sentence for the service's path: what it pays, against the other way. */
function costWords(
  cost: CostEstimate,
  path: ReportPath | undefined,
  regionNote: string,
): ReactNode {
  const shared = cost.sharedInterfaceEndpoints ?? 0;
  const sharedWords = sharedEndpointsCostWords(shared);
  if (path === 'nat') {
    // It already pays for a NAT gateway: what that costs, and what endpoints would.
    return (
      <>
        its NAT gateway about {formatUsd(cost.natMonthly)} a month
        {cost.natPerAzMonthly !== cost.natMonthly &&
          ` (${formatUsd(cost.natPerAzMonthly)} with one per AZ)`}{' '}
        + {formatUsd(cost.natPerGb)}/GB; interface endpoints instead about{' '}
        {formatUsd(cost.endpointsMonthly)} a month (
        {cost.interfaceEndpointAzHours} endpoint-AZs) +{' '}
        {formatUsd(cost.endpointPerGb)}/GB. Before traffic,{' '}
        <AwsText text={regionNote} />.
      </>
    );
  }
  if (cost.interfaceEndpointAzHours === 0) {
    // Nothing of its own to price: no "$0.00 against a NAT gateway".
    return (
      <>
        no interface endpoint of its own to pay for
        {shared > 0 && `: it uses ${sharedWords}`}. The S3 gateway endpoint is
        free.
      </>
    );
  }
  return (
    <>
      interface endpoints about {formatUsd(cost.endpointsMonthly)} a month (
      {cost.interfaceEndpointAzHours} endpoint-AZs) +{' '}
      {formatUsd(cost.endpointPerGb)}/GB; one NAT gateway instead{' '}
      {formatUsd(cost.natMonthly)} a month
      {cost.natPerAzMonthly !== cost.natMonthly &&
        ` (${formatUsd(cost.natPerAzMonthly)} for one per AZ)`}{' '}
      + {formatUsd(cost.natPerGb)}/GB. Before traffic,{' '}
      <AwsText text={regionNote} />.
      {shared > 0 && ` It also uses ${sharedWords}.`}
    </>
  );
}

/**
 * What the endpoints cost per month against the NAT alternative, said once, with the region
 * the prices are for: the engine uses us-east-1 list prices, which other regions do not share.
 */
export function CostLine(props: {
  cost?: CostEstimate;
  region: string;
  /** The service's egress path: a service on a NAT gateway is not offered one "instead". */
  path?: ReportPath;
}) {
  const { cost, region, path } = props;
  if (!cost) return null;
  const pricesRegion = cost.pricesRegion ?? 'us-east-1';
  const regionNote =
    pricesRegion === region
      ? `${pricesRegion} list prices`
      : `at ${pricesRegion} list prices; ${region} prices differ`;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      component="p"
      aria-label="Cost"
    >
      <strong>Cost:</strong> {costWords(cost, path, regionNote)}
    </Typography>
  );
}
