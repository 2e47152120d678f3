/**
 * Route 53 reads for shared endpoints: the private hosted zones associated with a VPC
 * (ListHostedZonesByVPC, whichever account owns them) and a zone's records
 * (ListResourceRecordSets). Route 53 is one global, REST-XML service; the SDK signs for the
 * partition's home region whatever region the client names.
 */
import {
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
  ResourceRecordSet,
  RRType,
  Route53Client,
  VPCRegion,
} from '@aws-sdk/client-route-53';
import type { HostedZone, ZoneRecord } from '../model';

/** A Route 53 answer that lacks an element AWS always sends; the message is the reason. */
export class Route53AnswerGap extends Error {
  override name = 'Route53AnswerGap';
}

/** A DNS name as the rules compare it: lower case, without the trailing dot, `\052` as `*`. */
export function normaliseDnsName(name: string): string {
  return name.replace(/\\052/g, '*').replace(/\.$/, '').toLowerCase();
}

/** The zone id without the `/hostedzone/` prefix. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/**
 * The private hosted zones associated with the VPC, whoever owns them. Throws the SDK error
 * when the call fails, and a Route53AnswerGap when the answer lacks its zone list.
 */
export async function readPrivateZones(
  route53: Route53Client,
  vpcId: string,
  region: string,
): Promise<HostedZone[]> {
  const zones: HostedZone[] = [];
  let nextToken: string | undefined;
  do {
    const out = await route53.send(
      new ListHostedZonesByVPCCommand({
        VPCId: vpcId,
        VPCRegion: region as VPCRegion,
        NextToken: nextToken,
      }),
    );
    if (!out.HostedZoneSummaries) {
      throw new Route53AnswerGap(
        'the ListHostedZonesByVPC answer holds no HostedZoneSummaries element',
      );
    }
    for (const summary of out.HostedZoneSummaries) {
      if (!summary.HostedZoneId || !summary.Name) continue;
      zones.push({
        id: bareZoneId(summary.HostedZoneId),
        name: normaliseDnsName(summary.Name),
        ownerAccountId: summary.Owner?.OwningAccount,
        ownerService: summary.Owner?.OwningService,
        via: 'vpc-association',
      });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return zones;
}

function toZoneRecord(set: ResourceRecordSet): ZoneRecord | undefined {
  if (!set.Name || !set.Type) return undefined;
  return {
    name: normaliseDnsName(set.Name),
    type: set.Type,
    values: (set.ResourceRecords ?? []).flatMap(r =>
      r.Value ? [r.Value] : [],
    ),
    aliasTarget: set.AliasTarget?.DNSName
      ? normaliseDnsName(set.AliasTarget.DNSName)
      : undefined,
  };
}

/**
 * Every record of a zone, page by page (Route 53 pages by the next record's name, type and
 * identifier). Throws the SDK error (AccessDenied for a zone another account owns) or a
 * Route53AnswerGap when a page lacks its record list.
 */
export async function readZoneRecords(
  route53: Route53Client,
  zoneId: string,
): Promise<ZoneRecord[]> {
  const records: ZoneRecord[] = [];
  let start:
    | { name: string; type?: RRType | string; identifier?: string }
    | undefined;
  for (let page = 0; page < 100; page++) {
    const out = await route53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        StartRecordName: start?.name,
        StartRecordType: start?.type as RRType | undefined,
        StartRecordIdentifier: start?.identifier,
      }),
    );
    if (!out.ResourceRecordSets) {
      throw new Route53AnswerGap(
        `the ListResourceRecordSets answer for ${zoneId} holds no ResourceRecordSets element`,
      );
    }
    for (const set of out.ResourceRecordSets) {
      const record = toZoneRecord(set);
      if (record) records.push(record);
    }
    if (!out.IsTruncated || !out.NextRecordName) return records;
    start = {
      name: out.NextRecordName,
      type: out.NextRecordType,
      identifier: out.NextRecordIdentifier,
    };
  }
  throw new Route53AnswerGap(
    `${zoneId} still had records after 100 pages; the answer keeps repeating`,
  );
}
