/**
 * What the endpoint stack costs a month, at the us-east-1 list prices of the domain
 * reference (730 hours), against the NAT gateways it replaces. Traffic is extra either way.
 */
import type { EndpointRequirement } from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** Hours in the month AWS bills by. */
export const HOURS_PER_MONTH = 730;
/** Interface endpoint, per endpoint per AZ per hour. */
export const INTERFACE_ENDPOINT_HOURLY = 0.01;
/** NAT gateway per hour, plus its public IPv4 address. */
export const NAT_GATEWAY_HOURLY = 0.045 + 0.005;

/** The monthly cost of the endpoints this repository creates. */
export interface ServiceCost {
  /** Interface endpoints created, each in every AZ. */
  interfaceEndpoints: number;
  azCount: number;
  /** USD a month for the created interface endpoints (gateway endpoints are free). */
  endpointsMonthly: number;
  /** USD a month the reused endpoints would have cost if created again. */
  savedByReuseMonthly: number;
  /** One NAT gateway, and one per AZ, USD a month before traffic. */
  natMonthly: number;
  natPerAzMonthly: number;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Computes the monthly cost of creating `create` and reusing `reuse` across `azCount` AZs. */
export function estimateCost(
  create: EndpointRequirement[],
  reuse: EndpointRequirement[],
  azCount: number,
): ServiceCost {
  const interfaces = (list: EndpointRequirement[]) =>
    list.filter(e => e.type === 'Interface').length;
  const perEndpoint = INTERFACE_ENDPOINT_HOURLY * HOURS_PER_MONTH * azCount;
  return {
    interfaceEndpoints: interfaces(create),
    azCount,
    endpointsMonthly: round2(interfaces(create) * perEndpoint),
    savedByReuseMonthly: round2(interfaces(reuse) * perEndpoint),
    natMonthly: round2(NAT_GATEWAY_HOURLY * HOURS_PER_MONTH),
    natPerAzMonthly: round2(NAT_GATEWAY_HOURLY * HOURS_PER_MONTH * azCount),
  };
}

/** `$43.80` style. */
export function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}
