/**
 * What an AWS change event touches: a CloudTrail management event, as EventBridge delivers
 * it ("AWS API Call via CloudTrail"), reduced to the VPCs, network resources and ECS services
 * a rule reads. Only the calls that change what the rules read count (endpoints, route
 * tables, security groups, network ACLs, VPC attributes, DHCP options, Route 53 zone
 * associations and records, ECS services); reads and other calls are not changes.
 *
 * Sources: AWS CloudTrail User Guide, "CloudTrail record contents for management events"
 * (eventSource, eventName, awsRegion, recipientAccountId, requestParameters,
 * responseElements); Amazon EventBridge User Guide, "Events from AWS services" (detail-type
 * "AWS API Call via CloudTrail", the record in `detail`).
 */

/** The calls that change what the rules read, by the service that logs them. */
export const WATCHED_CALLS: Readonly<Record<string, readonly string[]>> = {
  'ec2.amazonaws.com': [
    'CreateVpcEndpoint',
    'ModifyVpcEndpoint',
    'DeleteVpcEndpoints',
    'CreateRoute',
    'ReplaceRoute',
    'DeleteRoute',
    'CreateRouteTable',
    'DeleteRouteTable',
    'AssociateRouteTable',
    'DisassociateRouteTable',
    'ReplaceRouteTableAssociation',
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'ModifySecurityGroupRules',
    'CreateNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
    'ModifyVpcAttribute',
    'AssociateDhcpOptions',
    'DeleteSubnet',
    'ModifyManagedPrefixList',
  ],
  'route53.amazonaws.com': [
    'AssociateVPCWithHostedZone',
    'DisassociateVPCFromHostedZone',
    'ChangeResourceRecordSets',
  ],
  'ecs.amazonaws.com': ['UpdateService', 'CreateService', 'DeleteService'],
};

/** What one change touches; ids as they appear in the event. */
export interface AwsChange {
  eventName: string;
  accountId?: string;
  region?: string;
  /** When AWS logged the call (epoch ms), for the detection latency. */
  at?: number;
  vpcIds: string[];
  /** Endpoints, route tables, security groups, network ACLs, subnets, prefix lists, DHCP options. */
  resourceIds: string[];
  /** ECS service ARNs or names the call names. */
  services: string[];
  /** Route 53 hosted zone ids. */
  zoneIds: string[];
}

const RESOURCE_ID =
  /^(vpce|rtb|sg|acl|subnet|pl|dopt|rtbassoc|aclassoc|sgr)-[0-9a-f]{8,17}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SERVICE_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service\/.+/;
const ZONE_ID = /^(\/hostedzone\/)?(Z[A-Z0-9]{4,32})$/;

/** Every string in a JSON value, keys' values included (CloudTrail nests them deeply). */
function strings(
  value: unknown,
  out: Array<{ key: string; text: string }>,
  key = '',
) {
  if (typeof value === 'string') out.push({ key, text: value });
  else if (Array.isArray(value)) value.forEach(v => strings(v, out, key));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) strings(v, out, k);
  return out;
}

/**
 * The change an event describes, or undefined when it is not one: not a CloudTrail record,
 * a call that does not change what a rule reads, or a call that failed (`errorCode`).
 */
export function awsChangeOf(payload: unknown): AwsChange | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const envelope = payload as Record<string, unknown>;
  // EventBridge wraps the record in `detail`; a CloudTrail record may also come bare.
  const record = (
    envelope.detail && typeof envelope.detail === 'object'
      ? envelope.detail
      : envelope
  ) as Record<string, unknown>;
  const source = String(record.eventSource ?? '');
  const eventName = String(record.eventName ?? '');
  if (!WATCHED_CALLS[source]?.includes(eventName)) return undefined;
  if (record.errorCode) return undefined;
  const found = strings(
    [record.requestParameters, record.responseElements],
    [],
  );
  const unique = (xs: string[]) => [...new Set(xs)];
  const at = Date.parse(String(record.eventTime ?? envelope.time ?? ''));
  return {
    eventName,
    accountId:
      (record.recipientAccountId as string | undefined) ??
      (envelope.account as string | undefined),
    region:
      (record.awsRegion as string | undefined) ??
      (envelope.region as string | undefined),
    ...(Number.isFinite(at) ? { at } : {}),
    vpcIds: unique(found.filter(f => VPC_ID.test(f.text)).map(f => f.text)),
    resourceIds: unique(
      found.filter(f => RESOURCE_ID.test(f.text)).map(f => f.text),
    ),
    services: unique(
      source === 'ecs.amazonaws.com'
        ? found
            .filter(f => SERVICE_ARN.test(f.text) || f.key === 'service')
            .map(f => f.text)
        : [],
    ),
    zoneIds: unique(
      source === 'route53.amazonaws.com'
        ? found
            .filter(
              f => /hostedZoneId|^id$/i.test(f.key) && ZONE_ID.test(f.text),
            )
            .map(f => f.text.replace(/^\/hostedzone\//, ''))
        : [],
    ),
  };
}
