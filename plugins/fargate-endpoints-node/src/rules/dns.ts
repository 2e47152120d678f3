/**
 * `private-dns-disabled`, `vpc-dns-disabled`, `custom-dns`: interface endpoints only capture
 * traffic when the task resolves the service's normal name (`api.ecr.<region>.amazonaws.com`)
 * to the endpoint's private IPs, which takes private DNS on the endpoint, DNS support and
 * hostnames on the VPC, and the Amazon-provided resolver.
 */
import { dnsDependents } from './missingWhere';
import {
  regionDnsSuffix,
  type Finding,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { parseCidr, formatIpv4 } from '../network/cidr';
import { RuleContext, finding } from './context';
import { serviceHostname, symptomFor } from './symptoms';
import { tfName } from './terraform';

/** True when some task traffic depends on private DNS resolving to an interface endpoint. */
export function privateDnsMatters(ctx: RuleContext): boolean {
  const interfaceNeeded = ctx.endpointUses.some(
    u => u.requirement.type === 'Interface',
  );
  const interfaceInUse = ctx.endpointUses.some(
    u =>
      u.requirement.type === 'Interface' &&
      u.inUse &&
      u.endpoint?.privateDnsEnabled,
  );
  return (ctx.isolated && interfaceNeeded) || interfaceInUse;
}

/** The service whose symptom best illustrates a DNS problem: the first needed interface service. */
function dnsSymptom(ctx: RuleContext): string {
  const service =
    ctx.endpointUses.find(u => u.requirement.type === 'Interface')?.requirement
      .service ?? 'ecr.api';
  return symptomFor(service, ctx.region);
}

/** `private-dns-disabled`: on an isolated path a needed interface endpoint has private DNS off. */
export function privateDnsDisabled(ctx: RuleContext): Finding[] {
  // Elsewhere, an endpoint without private DNS is simply bypassed (traffic goes via NAT or IGW).
  if (!ctx.isolated) return [];
  return ctx.endpointUses
    .filter(
      u =>
        u.requirement.type === 'Interface' &&
        u.endpoint &&
        !u.endpoint.privateDnsEnabled,
    )
    .map(({ requirement, endpoint, serviceName }) =>
      finding('private-dns-disabled', {
        service: requirement.service,
        resourceId: endpoint!.id,
        message: `The ${requirement.service} endpoint ${
          endpoint!.id
        } has private DNS turned off, so tasks resolve ${serviceHostname(
          requirement.service,
          ctx.region,
        )} to public IP addresses they cannot reach from an isolated subnet, and ${symptomFor(
          requirement.service,
          ctx.region,
        )}.`,
        fix: `Turn on private DNS: VPC console → Endpoints → ${
          endpoint!.id
        } → Actions → Modify private DNS name → Enable, or \`aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${
          endpoint!.id
        } --private-dns-enabled\`.`,
        terraform: [
          `resource "aws_vpc_endpoint" "${tfName(requirement.service)}" {`,
          `  # ${endpoint!.id}, ${serviceName}`,
          `  private_dns_enabled = true # changing this in Terraform replaces the endpoint`,
          `}`,
        ].join('\n'),
      }),
    );
}

/** `vpc-dns-disabled`: interface endpoints matter but the VPC's DNS support or hostnames are off. */
export function vpcDnsDisabled(ctx: RuleContext): Finding[] {
  const { snapshot } = ctx;
  const off = [
    snapshot.enableDnsSupport === false
      ? 'DNS resolution (enableDnsSupport)'
      : undefined,
    snapshot.enableDnsHostnames === false
      ? 'DNS hostnames (enableDnsHostnames)'
      : undefined,
  ].filter((x): x is string => x !== undefined);
  const efsMounts = (ctx.spec.efsFileSystemIds ?? []).length > 0;
  if (off.length === 0 || (!privateDnsMatters(ctx) && !efsMounts)) return [];
  return [
    finding('vpc-dns-disabled', {
      resourceId: snapshot.vpcId,
      message: `${snapshot.vpcId} has ${off.join(
        ' and ',
      )} turned off. Private DNS of interface endpoints and EFS mount names need both, so it breaks ${dnsDependents(
        ctx,
      ).join(
        '; ',
      )}: tasks resolve those names to public addresses (or not at all)${
        privateDnsMatters(ctx) ? ` and ${dnsSymptom(ctx)}` : ''
      }.`,
      fix: `Turn both on: VPC console → ${snapshot.vpcId} → Actions → Edit VPC settings → Enable DNS resolution and Enable DNS hostnames, or \`aws ec2 modify-vpc-attribute --vpc-id ${snapshot.vpcId} --enable-dns-support\` then \`--enable-dns-hostnames\` (one attribute per call).`,
      // One attribute per ModifyVpcAttribute call (EC2 API reference), support before hostnames.
      cli: [
        `aws ec2 modify-vpc-attribute --vpc-id ${snapshot.vpcId} --enable-dns-support '{"Value":true}'`,
        `aws ec2 modify-vpc-attribute --vpc-id ${snapshot.vpcId} --enable-dns-hostnames '{"Value":true}'`,
      ].join('\n'),
      terraform: [
        `resource "aws_vpc" "main" {`,
        `  # ${snapshot.vpcId}`,
        `  enable_dns_support   = true`,
        `  enable_dns_hostnames = true`,
        `}`,
      ].join('\n'),
    }),
  ];
}

/** True when the server is the Amazon resolver: by name, its link-local address, or the VPC base + 2. */
function isAmazonResolver(
  server: string,
  vpcCidrs: readonly string[],
): boolean {
  if (server === 'AmazonProvidedDNS' || server === '169.254.169.253')
    return true;
  return vpcCidrs.some(cidr => {
    const range = parseCidr(cidr);
    return range !== undefined && formatIpv4(range.first + 2) === server;
  });
}

/** `custom-dns`: the DHCP options point tasks at resolvers that may not know endpoint private DNS. */
export function customDns(ctx: RuleContext): Finding[] {
  const servers = ctx.snapshot.domainNameServers;
  if (!servers || servers.length === 0 || !privateDnsMatters(ctx)) return [];
  if (servers.some(s => isAmazonResolver(s, ctx.snapshot.cidrBlocks)))
    return [];
  return [
    finding('custom-dns', {
      resourceId: ctx.snapshot.vpcId,
      message: `The DHCP options of ${
        ctx.snapshot.vpcId
      } send DNS queries to ${servers.join(
        ', ',
      )} instead of AmazonProvidedDNS. Endpoint private DNS only answers on the Amazon resolver, so unless those servers forward ${regionDnsSuffix(
        ctx.region,
      )} to it, tasks resolve public addresses and ${dnsSymptom(ctx)}.`,
      fix: `Make the DNS servers forward ${ctx.region}.${regionDnsSuffix(
        ctx.region,
      )} (and ${regionDnsSuffix(
        ctx.region,
      )}) to the VPC resolver (a Route 53 Resolver inbound endpoint or conditional forwarding), or use DHCP options with domain-name-servers = AmazonProvidedDNS.`,
    }),
  ];
}
