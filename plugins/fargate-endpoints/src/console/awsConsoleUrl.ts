/**
 * Links from a finding's resource id to the AWS console page that shows it, so a reader can
 * go from "route table rtb-0... is not associated" to the route table in one click.
 */

const VPC_CONSOLE_FRAGMENTS: Array<{ prefix: string; fragment: string }> = [
  { prefix: 'vpce-', fragment: 'EndpointDetails:vpcEndpointId=' },
  { prefix: 'sg-', fragment: 'SecurityGroup:groupId=' },
  { prefix: 'rtb-', fragment: 'RouteTableDetails:RouteTableId=' },
  { prefix: 'acl-', fragment: 'NetworkAclDetails:networkAclId=' },
  { prefix: 'subnet-', fragment: 'SubnetDetails:subnetId=' },
  { prefix: 'vpc-', fragment: 'VpcDetails:VpcId=' },
];

const ECS_SERVICE_ARN =
  /^arn:aws:ecs:([a-z0-9-]+):(\d{12}):service\/([^/]+)\/([^/]+)$/;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** China and GovCloud consoles live on other domains; no link beats a wrong link. */
const OTHER_PARTITION_REGION = /^(cn-|us-gov-|us-iso)/;

function isCommercialRegion(region: string): boolean {
  return REGION.test(region) && !OTHER_PARTITION_REGION.test(region);
}

function consoleHost(region: string): string {
  return `https://${region}.console.aws.amazon.com`;
}

/**
 * The AWS console URL of a VPC resource (vpce-, sg-, rtb-, acl-, subnet-, vpc-) or an ECS
 * service ARN; undefined for anything else, so the card shows the id without a link.
 */
export function awsConsoleUrl(
  resourceId: string | undefined,
  region: string | undefined,
): string | undefined {
  if (!resourceId) return undefined;
  const ecs = ECS_SERVICE_ARN.exec(resourceId);
  if (ecs && isCommercialRegion(ecs[1])) {
    // The ARN names its own region; trust it over the report's.
    const [, arnRegion, , cluster, service] = ecs;
    return `${consoleHost(arnRegion)}/ecs/v2/clusters/${encodeURIComponent(
      cluster,
    )}/services/${encodeURIComponent(service)}/health?region=${arnRegion}`;
  }
  if (!region || !isCommercialRegion(region)) return undefined;
  const match = VPC_CONSOLE_FRAGMENTS.find(({ prefix }) =>
    resourceId.startsWith(prefix),
  );
  if (!match) return undefined;
  return `${consoleHost(region)}/vpcconsole/home?region=${region}#${
    match.fragment
  }${encodeURIComponent(resourceId)}`;
}
