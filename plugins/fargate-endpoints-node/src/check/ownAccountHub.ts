/**
 * Shared endpoints in a VPC of the checker's own account (a shared-services VPC over a
 * transit gateway or peering): the zones are this account's, so their records were read with
 * the snapshot, and the endpoints they point at are read with the same credentials. No hub
 * role is asked for: the account that owns the endpoints is the one being checked.
 */
import { isServiceZone, recordEndpointIds } from '../network/dnsNames';
import type { HubView, VpcSnapshot } from '../model';
import type { AwsReader } from './reader';

/** The endpoints this account's own zones (and Profile) point at that no read holds yet. */
export function ownAccountHubEndpointIds(
  snapshot: VpcSnapshot,
  own = snapshot.accountId,
): string[] {
  if (!own || !snapshot.privateZones) return [];
  const named = [
    ...snapshot.privateZones
      .filter(
        z =>
          z.ownerAccountId === own &&
          (z.name === undefined || isServiceZone(z.name, snapshot.region)),
      )
      .flatMap(z => (z.records ?? []).flatMap(recordEndpointIds)),
    ...(snapshot.profileEndpoints ?? [])
      .filter(e => e.ownerAccountId === own)
      .map(e => e.endpointId),
  ];
  const held = new Set([
    ...snapshot.endpoints.map(e => e.id),
    ...(snapshot.hub?.endpoints ?? []).map(e => e.id),
  ]);
  return [...new Set(named)].filter(id => !held.has(id));
}

/** Adds the endpoints of this account's shared-services VPC to the snapshot's hub view (a copy). */
export async function withOwnAccountHubView(
  snapshot: VpcSnapshot,
  reader: Pick<AwsReader, 'readHubView'>,
  within: <T>(what: string, read: Promise<T>) => Promise<T>,
  /** The checked account, when the snapshot does not say (a service ARN names it). */
  accountId = snapshot.accountId,
): Promise<VpcSnapshot> {
  const endpointIds = ownAccountHubEndpointIds(snapshot, accountId);
  if (!reader.readHubView || !accountId || endpointIds.length === 0)
    return snapshot;
  let view: HubView;
  try {
    view = await within(
      `the read of shared endpoints in account ${accountId}`,
      reader.readHubView([], endpointIds),
    );
  } catch (error) {
    view = {
      accountId,
      zoneRecords: {},
      endpoints: [],
      failures: [
        {
          call: 'DescribeVpcEndpoints',
          reason: error instanceof Error ? error.message : String(error),
        },
      ],
    };
  }
  const endpoints = view.endpoints.map(e => ({
    ...e,
    ownerAccountId: e.ownerAccountId ?? accountId,
  }));
  const hub: HubView = snapshot.hub
    ? {
        ...snapshot.hub,
        endpoints: [...snapshot.hub.endpoints, ...endpoints],
        failures: [...snapshot.hub.failures, ...view.failures],
      }
    : { ...view, accountId, endpoints };
  return { ...snapshot, hub };
}
