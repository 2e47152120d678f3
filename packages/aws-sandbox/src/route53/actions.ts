/**
 * Route 53, as its REST-XML API answers (Route 53 API Reference, API version 2013-04-01):
 * `GET /2013-04-01/hostedzonesbyvpc?vpcid=&vpcregion=` (ListHostedZonesByVPC) and
 * `GET /2013-04-01/hostedzone/{Id}/rrset` (ListResourceRecordSets). Route 53 is global: one
 * endpoint, `route53.amazonaws.com`, signed for us-east-1 (`route53.amazonaws.com.cn` and
 * cn-northwest-1 in China).
 */
import { AwsApiError } from '../protocol/errors';
import { escapeXml } from '../protocol/xml';
import type {
  SandboxHostedZone,
  SandboxRecord,
  SandboxWorld,
} from '../world/types';

/** The namespace of every Route 53 response element. */
export const ROUTE53_NAMESPACE =
  'https://route53.amazonaws.com/doc/2013-04-01/';

/** What a Route 53 action gets. */
export interface Route53CallContext {
  world: SandboxWorld;
  accountId: string;
  /** The path after the version, e.g. `hostedzone/Z123/rrset`. */
  path: string;
  query: URLSearchParams;
  pageSize?: number;
}

/** A Route 53 action: returns the complete XML document. */
export type Route53Action = (ctx: Route53CallContext) => string;

function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/**
 * A name as Route 53 writes it in responses: lower case, trailing dot, and `*` as the octal
 * escape `\052` (Route 53 Developer Guide, "DNS domain name format": "If the domain name
 * includes ... *, Route 53 returns it as \052").
 */
function wireName(name: string): string {
  return fqdn(name.toLowerCase()).replace(/\*/g, '\\052');
}

/** The action a request names, from its method and path. */
export function route53ActionOf(
  method: string,
  path: string,
): string | undefined {
  if (method !== 'GET') return undefined;
  if (path === 'hostedzonesbyvpc') return 'ListHostedZonesByVPC';
  if (/^hostedzone\/[^/]+\/rrset$/.test(path)) return 'ListResourceRecordSets';
  return undefined;
}

function allZones(
  world: SandboxWorld,
): Array<{ ownerId: string; zone: SandboxHostedZone }> {
  return Object.entries(world.accounts).flatMap(([ownerId, account]) =>
    (account.hostedZones ?? []).map(zone => ({ ownerId, zone })),
  );
}

const listHostedZonesByVpc: Route53Action = ctx => {
  const vpcId = ctx.query.get('vpcid');
  const vpcRegion = ctx.query.get('vpcregion');
  if (!vpcId || !vpcRegion)
    throw new AwsApiError(
      'InvalidInput',
      'The input is not valid: vpcid and vpcregion are required',
    );
  const zones = allZones(ctx.world).filter(({ zone }) =>
    zone.vpcs.some(v => v.vpcId === vpcId && v.region === vpcRegion),
  );
  const max = Math.min(
    Number(ctx.query.get('maxitems') ?? 100) || 100,
    ctx.pageSize ?? 100,
  );
  const start = Number(ctx.query.get('nexttoken') ?? 0) || 0;
  const page = zones.slice(start, start + max);
  const next = start + max < zones.length ? String(start + max) : undefined;
  const summaries = page
    .map(({ ownerId, zone }) => {
      const owner = zone.owningService
        ? `<OwningService>${escapeXml(zone.owningService)}</OwningService>`
        : `<OwningAccount>${ownerId}</OwningAccount>`;
      return `<HostedZoneSummary><HostedZoneId>${
        zone.id
      }</HostedZoneId><Name>${escapeXml(
        wireName(zone.name),
      )}</Name><Owner>${owner}</Owner></HostedZoneSummary>`;
    })
    .join('');
  return document(
    'ListHostedZonesByVPCResponse',
    `<HostedZoneSummaries>${summaries}</HostedZoneSummaries><MaxItems>${max}</MaxItems>${
      next ? `<NextToken>${next}</NextToken>` : ''
    }`,
  );
};

/** The SOA and NS records every hosted zone has at its apex. */
function apexRecords(zone: SandboxHostedZone): SandboxRecord[] {
  return [
    {
      name: zone.name,
      type: 'NS',
      ttl: 172800,
      values: [`ns-0.awsdns-00.com.`, `ns-512.awsdns-00.net.`],
    },
    {
      name: zone.name,
      type: 'SOA',
      ttl: 900,
      values: [
        'ns-0.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400',
      ],
    },
  ];
}

/**
 * Route 53 lists records in DNS order: by name with the labels reversed (so a zone's apex
 * first), then by type (ListResourceRecordSets, "Sort order").
 */
function dnsOrder(a: SandboxRecord, b: SandboxRecord): number {
  const key = (r: SandboxRecord) =>
    fqdn(r.name.toLowerCase()).split('.').reverse().join('.');
  return key(a).localeCompare(key(b)) || a.type.localeCompare(b.type);
}

function renderRecord(record: SandboxRecord): string {
  const name = `<Name>${escapeXml(wireName(record.name))}</Name><Type>${
    record.type
  }</Type>`;
  if (record.aliasTarget) {
    return `<ResourceRecordSet>${name}<AliasTarget><HostedZoneId>${
      record.aliasTarget.hostedZoneId
    }</HostedZoneId><DNSName>${escapeXml(
      fqdn(record.aliasTarget.dnsName),
    )}</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>`;
  }
  const values = (record.values ?? [])
    .map(v => `<ResourceRecord><Value>${escapeXml(v)}</Value></ResourceRecord>`)
    .join('');
  return `<ResourceRecordSet>${name}<TTL>${
    record.ttl ?? 300
  }</TTL><ResourceRecords>${values}</ResourceRecords></ResourceRecordSet>`;
}

const listResourceRecordSets: Route53Action = ctx => {
  const zoneId = ctx.path.split('/')[1];
  const found = allZones(ctx.world).find(({ zone }) => zone.id === zoneId);
  if (!found)
    throw new AwsApiError(
      'NoSuchHostedZone',
      `No hosted zone found with ID: ${zoneId}`,
      404,
    );
  // Route 53 has no resource-based policies: another account's zone is refused
  // (IAM User Guide, "AWS services that work with IAM": Route 53, resource-based policies: No).
  if (found.ownerId !== ctx.accountId)
    throw new AwsApiError(
      'AccessDenied',
      `User: arn:aws:sts::${ctx.accountId}:assumed-role/fargate-endpoints-reader/sandbox is not authorized to access this resource`,
      403,
    );
  const records = [...apexRecords(found.zone), ...found.zone.records].sort(
    dnsOrder,
  );
  const max = Math.min(
    Number(ctx.query.get('maxitems') ?? 300) || 300,
    ctx.pageSize ?? 300,
  );
  const startName = ctx.query.get('name');
  const startType = ctx.query.get('type');
  let start = 0;
  if (startName) {
    const probe: SandboxRecord = {
      name: startName.replace(/\\052/g, '*'),
      type: (startType ?? 'A') as SandboxRecord['type'],
    };
    start = records.findIndex(r => dnsOrder(r, probe) >= 0);
    if (start < 0) start = records.length;
  }
  const page = records.slice(start, start + max);
  const next = records[start + max];
  return document(
    'ListResourceRecordSetsResponse',
    `<ResourceRecordSets>${page
      .map(renderRecord)
      .join('')}</ResourceRecordSets><IsTruncated>${Boolean(
      next,
    )}</IsTruncated>${
      next
        ? `<NextRecordName>${escapeXml(
            wireName(next.name),
          )}</NextRecordName><NextRecordType>${next.type}</NextRecordType>`
        : ''
    }<MaxItems>${max}</MaxItems>`,
  );
};

function document(root: string, body: string): string {
  return `<?xml version="1.0"?>\n<${root} xmlns="${ROUTE53_NAMESPACE}">${body}</${root}>`;
}

/** A Route 53 error document (REST-XML `ErrorResponse`). */
export function route53ErrorDocument(
  code: string,
  message: string,
  status: number,
  requestId: string,
): string {
  return `<?xml version="1.0"?>\n<ErrorResponse xmlns="${ROUTE53_NAMESPACE}"><Error><Type>${
    status >= 500 ? 'Receiver' : 'Sender'
  }</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(
    message,
  )}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** An answer in the right shape that holds nothing: the root with only MaxItems. */
export function route53EmptyDocument(action: string): string {
  return document(`${action}Response`, '<MaxItems>100</MaxItems>');
}

/** Every Route 53 action the sandbox answers. */
export const ROUTE53_ACTIONS: Record<string, Route53Action> = {
  ListHostedZonesByVPC: listHostedZonesByVpc,
  ListResourceRecordSets: listResourceRecordSets,
};
