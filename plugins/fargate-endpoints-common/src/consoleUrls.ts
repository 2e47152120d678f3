/**
 * Links from what a report names to the AWS console page that shows it, so a reader (of the
 * card, or of an assistant's answer) can go from "route table rtb-0... is not associated" to
 * the route table in one click. The console
 * host comes from the common package's partitions (China and GovCloud have their own), and
 * ARNs are read with its parsers: no link beats a wrong link.
 */
import { parseEcsServiceArn } from './arns';
import { consoleBaseUrl, isKnownRegion } from './partitions';

const VPC_CONSOLE_FRAGMENTS: Array<{ prefix: string; fragment: string }> = [
  { prefix: 'vpce-', fragment: 'EndpointDetails:vpcEndpointId=' },
  { prefix: 'sg-', fragment: 'SecurityGroup:groupId=' },
  { prefix: 'rtb-', fragment: 'RouteTableDetails:RouteTableId=' },
  { prefix: 'acl-', fragment: 'NetworkAclDetails:networkAclId=' },
  { prefix: 'subnet-', fragment: 'SubnetDetails:subnetId=' },
  { prefix: 'vpc-', fragment: 'VpcDetails:VpcId=' },
];

/** The console's base URL for a region the product knows; undefined for anything else. */
function consoleFor(region: string | undefined): string | undefined {
  return region && isKnownRegion(region) ? consoleBaseUrl(region) : undefined;
}

/**
 * The ECS console page of a service, from its ARN (the ARN names its own region).
 *
 * @public
 */
export function ecsServiceConsoleUrl(
  serviceArn: string | undefined,
  tab: 'health' | 'logs' | 'tasks' = 'health',
): string | undefined {
  const arn = serviceArn ? parseEcsServiceArn(serviceArn) : undefined;
  const base = consoleFor(arn?.region);
  if (!arn || !base) return undefined;
  return `${base}/ecs/v2/clusters/${encodeURIComponent(
    arn.clusterName,
  )}/services/${encodeURIComponent(arn.serviceName)}/${tab}?region=${
    arn.region
  }`;
}

/**
 * The CloudWatch console page of a log group. The console's fragment encodes the name twice
 * and writes `%` as `$` (`/ecs/app` → `$252Fecs$252Fapp`).
 *
 * @public
 */
export function logGroupConsoleUrl(
  logGroup: string,
  region: string | undefined,
): string | undefined {
  const base = consoleFor(region);
  if (!base || !logGroup) return undefined;
  const encoded = encodeURIComponent(encodeURIComponent(logGroup)).replace(
    /%/g,
    '$',
  );
  return `${base}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encoded}`;
}

/**
 * The AWS console URL of a VPC resource (vpce-, sg-, rtb-, acl-, subnet-, vpc-) or an ECS
 * service ARN; undefined for anything else, so the reader gets the id without a link.
 *
 * @public
 */
export function awsConsoleUrl(
  resourceId: string | undefined,
  region: string | undefined,
): string | undefined {
  if (!resourceId) return undefined;
  if (resourceId.startsWith('arn:')) return ecsServiceConsoleUrl(resourceId);
  const base = consoleFor(region);
  if (!base) return undefined;
  const match = VPC_CONSOLE_FRAGMENTS.find(({ prefix }) =>
    resourceId.startsWith(prefix),
  );
  if (!match) return undefined;
  return `${base}/vpcconsole/home?region=${region}#${
    match.fragment
  }${encodeURIComponent(resourceId)}`;
}
