/**
 * Names in DNS that the hub rules and the hub reads both recognise: an interface endpoint's own
 * DNS name, the endpoint a private hosted zone record points at, and the zones that can answer
 * AWS service names of a region. Pure functions over the model, so rules can use them without
 * importing the AWS reads.
 */
import { regionDnsSuffix } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { ZoneRecord } from '../model';

/**
 * The endpoint id in an interface endpoint's DNS name
 * (`vpce-0a1b2c3d4e5f60718-abcdefgh.api.ecr.eu-west-1.vpce.amazonaws.com`, or the zonal
 * `vpce-...-abcdefgh-eu-west-1a.api.ecr...`); undefined for any other name.
 */
export function endpointIdOfDnsName(dnsName: string): string | undefined {
  const m =
    /^(?:\*\.)?(vpce-[0-9a-f]+)-[0-9a-z]+(?:-[a-z0-9-]+)?\.[^\s]*\.vpce\.amazonaws\.com(?:\.cn)?$/.exec(
      dnsName,
    );
  return m?.[1];
}

/** The endpoint a record points at: an alias or a CNAME to an interface endpoint's DNS name. */
export function recordEndpointIds(record: ZoneRecord): string[] {
  const target =
    record.aliasTarget ??
    (record.type === 'CNAME' ? record.values[0] : undefined);
  const id = target ? endpointIdOfDnsName(target) : undefined;
  return id ? [id] : [];
}

/**
 * True for a zone that can answer AWS service names of the region (`api.ecr.<region>.amazonaws.com`,
 * `<region>.amazonaws.com`, `amazonaws.com`, or a misnamed `ecr.api.<region>...`): only these
 * zones' records are read.
 */
export function isServiceZone(zoneName: string, region: string): boolean {
  const suffix = regionDnsSuffix(region);
  return zoneName === suffix || zoneName.endsWith(`.${suffix}`);
}
