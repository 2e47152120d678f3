/**
 * Terraform snippets for fixes (hashicorp/aws provider). They name the real resource ids, so
 * a snippet can be pasted next to the existing configuration and adapted.
 */

/** A Terraform resource name for an endpoint service suffix: `ecr.api` → `ecr_api`. */
export function tfName(service: string): string {
  return service.replace(/[^a-zA-Z0-9]/g, '_');
}

/** A quoted HCL list of strings. */
export function hclList(values: readonly string[]): string {
  return `[${values.map(v => JSON.stringify(v)).join(', ')}]`;
}

/** An interface endpoint with private DNS on (the provider's default is off). */
export function interfaceEndpointTf(args: {
  service: string;
  vpcId: string;
  serviceName: string;
  subnetIds: string[];
  securityGroupIds: string[];
}): string {
  return [
    `resource "aws_vpc_endpoint" "${tfName(args.service)}" {`,
    `  vpc_id              = "${args.vpcId}"`,
    `  service_name        = "${args.serviceName}"`,
    `  vpc_endpoint_type   = "Interface"`,
    `  private_dns_enabled = true`,
    `  subnet_ids          = ${hclList(
      args.subnetIds,
    )} # one subnet per AZ the tasks use`,
    `  security_group_ids  = ${
      args.securityGroupIds.length > 0
        ? hclList(args.securityGroupIds)
        : '[aws_security_group.vpc_endpoints.id] # admits TCP 443 from the task security group'
    }`,
    `}`,
  ].join('\n');
}

/** The S3 gateway endpoint on the given route tables. */
export function s3GatewayTf(args: {
  vpcId: string;
  serviceName: string;
  routeTableIds: string[];
}): string {
  return [
    `resource "aws_vpc_endpoint" "s3" {`,
    `  vpc_id            = "${args.vpcId}"`,
    `  service_name      = "${args.serviceName}"`,
    `  vpc_endpoint_type = "Gateway"`,
    `  route_table_ids   = ${hclList(
      args.routeTableIds,
    )} # every route table of the task subnets`,
    `}`,
  ].join('\n');
}

/** A security group rule for TCP 443, ingress or egress, to a group, prefix list or CIDR. */
export function httpsRuleTf(args: {
  direction: 'ingress' | 'egress';
  name: string;
  securityGroupId: string;
  peer: { groupId: string } | { prefixListId: string } | { cidr: string };
  description: string;
}): string {
  let peerLine: string;
  if ('groupId' in args.peer) {
    peerLine = `  referenced_security_group_id = "${args.peer.groupId}"`;
  } else if ('prefixListId' in args.peer) {
    peerLine = `  prefix_list_id               = "${args.peer.prefixListId}"`;
  } else {
    peerLine = `  cidr_ipv4                    = "${args.peer.cidr}"`;
  }
  return [
    `resource "aws_vpc_security_group_${args.direction}_rule" "${args.name}" {`,
    `  security_group_id            = "${args.securityGroupId}"`,
    peerLine,
    `  ip_protocol                  = "tcp"`,
    `  from_port                    = 443`,
    `  to_port                      = 443`,
    `  description                  = "${args.description}"`,
    `}`,
  ].join('\n');
}
