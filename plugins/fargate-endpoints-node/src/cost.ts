/**
 * Monthly cost of interface endpoints against NAT gateways (docs/domain.md#cost: us-east-1 list
 * prices, 730 hours a month). Gateway endpoints are free and do not count.
 */
import {
  type CostEstimate,
  sharedEndpointsCostWords,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** Hours in a month, as AWS pricing pages count them. */
export const HOURS_PER_MONTH = 730;
/** Interface endpoint, per endpoint per AZ per hour. */
export const INTERFACE_ENDPOINT_HOURLY = 0.01;
/** Interface endpoint data processing per GB. */
export const INTERFACE_ENDPOINT_PER_GB = 0.01;
/** NAT gateway per hour. */
export const NAT_GATEWAY_HOURLY = 0.045;
/** The NAT gateway's public IPv4 address per hour. */
export const PUBLIC_IPV4_HOURLY = 0.005;
/** NAT gateway data processing per GB. */
export const NAT_GATEWAY_PER_GB = 0.045;

/**
 * Input of `estimateCost`.
 *
 * @public
 */
export interface CostInput {
  /** Interface endpoints in use or needed (services, not endpoint x AZ). */
  interfaceEndpoints: number;
  /** AZs the tasks use; each interface endpoint has one network interface per AZ. */
  availabilityZones: number;
  /** Interface endpoint services a hub VPC's shared endpoints serve: the hub pays, not counted. */
  sharedInterfaceEndpoints?: number;
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** Per-GB prices keep their third decimal: $0.045, not $0.05. */
function usdPerGb(value: number): string {
  return `$${Number(value.toFixed(3)).toString()}/GB`;
}

/** Estimates monthly endpoint cost against one NAT gateway and one per AZ, before traffic. */
export function estimateCost(input: CostInput): CostEstimate {
  const endpoints = Math.max(0, Math.floor(input.interfaceEndpoints));
  const azs = Math.max(1, Math.floor(input.availabilityZones));
  const endpointAzs = endpoints * azs;
  const endpointsMonthly = cents(
    endpointAzs * INTERFACE_ENDPOINT_HOURLY * HOURS_PER_MONTH,
  );
  const natMonthly = cents(
    (NAT_GATEWAY_HOURLY + PUBLIC_IPV4_HOURLY) * HOURS_PER_MONTH,
  );
  const natPerAzMonthly = cents(natMonthly * azs);
  const azWords = `${azs} AZ${azs === 1 ? '' : 's'}`;
  const plural = endpoints === 1 ? '' : 's';
  const verb = endpoints === 1 ? 'costs' : 'cost';
  const perAz =
    azs > 1 ? ` or ${usd(natPerAzMonthly)} for one in each of ${azWords}` : '';
  const shared = Math.max(0, Math.floor(input.sharedInterfaceEndpoints ?? 0));
  const sharedWords = sharedEndpointsCostWords(shared);
  let summary: string;
  if (endpoints === 0) {
    // Nothing of its own to price: a NAT comparison would set $0.00 against a real bill.
    summary = `No interface endpoint of its own to pay for${
      shared > 0 ? `: it uses ${sharedWords}` : ''
    } (the S3 gateway endpoint is free).`;
  } else {
    summary = [
      `${endpoints} interface endpoint${plural} in ${azWords} ${verb} about ${usd(
        endpointsMonthly,
      )} a month`,
      `plus ${usdPerGb(INTERFACE_ENDPOINT_PER_GB)}, against ${usd(
        natMonthly,
      )} for one NAT gateway${perAz}`,
      `plus ${usdPerGb(
        NAT_GATEWAY_PER_GB,
      )} (us-east-1 list prices, before traffic; the S3 gateway endpoint is free).`,
      ...(shared > 0 ? [`It also uses ${sharedWords}.`] : []),
    ].join(' ');
  }
  return {
    currency: 'USD',
    pricesRegion: 'us-east-1',
    interfaceEndpointAzHours: endpointAzs,
    endpointsMonthly,
    natMonthly,
    natPerAzMonthly,
    endpointPerGb: INTERFACE_ENDPOINT_PER_GB,
    natPerGb: NAT_GATEWAY_PER_GB,
    ...(shared > 0 ? { sharedInterfaceEndpoints: shared } : {}),
    summary,
  };
}
