/**
 * Test support: "apply" generated Terraform to a simulated AWS account and read the result
 * back as the engine's network model, so the engine can judge the Terraform itself rather
 * than the inputs it was generated from. Provider defaults are applied where the generator
 * relies on them (a VPC's DNS hostnames and an endpoint's private DNS default to false, an
 * endpoint's type to Gateway, a security group created by Terraform has no egress rule).
 */
import {
  deriveNeeds,
  type NetworkAcl,
  type RouteTable,
  type SecurityGroup,
  type SecurityGroupRule,
  type ServiceSpec,
  type Subnet,
  type VpcEndpoint,
  type VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  endpointServiceName,
  partitionOfRegion,
  regionDnsSuffix,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { TerraformEvaluator, type TerraformConfig } from './terraform';

/** The AWS account before `terraform apply`: empty for a new VPC, or an existing VPC. */
export interface World {
  region: string;
  accountId: string;
  vpc?: {
    id: string;
    cidrBlock: string;
    enableDnsSupport: boolean;
    enableDnsHostnames: boolean;
  };
  subnets: Subnet[];
  routeTables: RouteTable[];
  endpoints: VpcEndpoint[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
}

/** The region's S3 prefix list id in the simulated account. */
export const S3_PREFIX_LIST_ID = 'pl-6da54004';

const ID_PREFIX: Record<string, string> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_route_table: 'rtb',
  aws_security_group: 'sg',
  aws_vpc_endpoint: 'vpce',
  aws_vpc_security_group_ingress_rule: 'sgr',
  aws_vpc_security_group_egress_rule: 'sgr',
  aws_route_table_association: 'rtbassoc',
};

/** A stable 17-hex-digit id suffix for a resource address. */
export function fakeIdSuffix(address: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of address) {
    h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ ch.charCodeAt(0), 2246822519) >>> 0;
  }
  return (
    h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(9, '0')
  ).slice(0, 17);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** An evaluator whose data sources answer from the world and whose resources get AWS-like ids. */
export function evaluatorFor(
  config: TerraformConfig,
  world: World,
): TerraformEvaluator {
  const { region, accountId } = world;
  const dataSource = (
    type: string,
    args: Record<string, any>,
  ): Record<string, any> => {
    switch (type) {
      case 'aws_availability_zones':
        return { names: ['a', 'b', 'c'].map(z => `${region}${z}`) };
      case 'aws_partition':
        return {
          partition: partitionOfRegion(region),
          dns_suffix: regionDnsSuffix(region),
        };
      case 'aws_caller_identity':
        return { account_id: accountId };
      case 'aws_vpc': {
        const v = world.vpc;
        if (!v || v.id !== args.id)
          throw new Error(`data.aws_vpc: no VPC ${args.id}`);
        return {
          id: v.id,
          cidr_block: v.cidrBlock,
          enable_dns_support: v.enableDnsSupport,
          enable_dns_hostnames: v.enableDnsHostnames,
        };
      }
      case 'aws_subnet': {
        const s = world.subnets.find(x => x.id === args.id);
        if (!s) throw new Error(`data.aws_subnet: no subnet ${args.id}`);
        return {
          id: s.id,
          vpc_id: world.vpc!.id,
          availability_zone: s.availabilityZone,
          cidr_block: s.cidrBlock,
        };
      }
      case 'aws_route_tables': {
        let tables = world.routeTables;
        for (const f of args.filter ?? []) {
          if (f.name === 'association.main')
            tables = tables.filter(t => String(t.main) === f.values[0]);
          else if (f.name === 'association.subnet-id')
            tables = tables.filter(t =>
              t.subnetIds.some(s => f.values.includes(s)),
            );
          else
            throw new Error(
              `data.aws_route_tables: unsupported filter ${f.name}`,
            );
        }
        return { ids: tables.map(t => t.id) };
      }
      case 'aws_vpc_endpoint': {
        // As the provider does: by id, or by the filters given (vpc_id, service_name, state).
        const e = world.endpoints.find(
          x =>
            (args.id === undefined || x.id === args.id) &&
            (args.service_name === undefined ||
              x.serviceName === args.service_name) &&
            (args.vpc_id === undefined || args.vpc_id === world.vpc?.id) &&
            (args.state === undefined || x.state === args.state),
        );
        if (!e)
          throw new Error(
            `data.aws_vpc_endpoint: no endpoint matches ${JSON.stringify(
              args,
            )}`,
          );
        return {
          id: e.id,
          security_group_ids: e.securityGroupIds,
          route_table_ids: e.routeTableIds,
          prefix_list_id: e.type === 'Gateway' ? S3_PREFIX_LIST_ID : null,
        };
      }
      case 'aws_ecs_cluster':
        return {
          arn: `arn:aws:ecs:${region}:${accountId}:cluster/${args.cluster_name}`,
        };
      default:
        throw new Error(`no fake for data source ${type}`);
    }
  };
  const computed = (
    type: string,
    address: string,
    args: Record<string, any>,
  ): Record<string, any> => {
    const id = `${ID_PREFIX[type] ?? type}-${fakeIdSuffix(address)}`;
    const attrs: Record<string, any> = {
      id,
      arn: `arn:aws:${type}:${region}:${accountId}:${address}`,
    };
    switch (type) {
      case 'aws_vpc_endpoint':
        if ((args.vpc_endpoint_type ?? 'Gateway') === 'Gateway')
          attrs.prefix_list_id = S3_PREFIX_LIST_ID;
        break;
      case 'aws_ecr_repository':
        attrs.repository_url = `${accountId}.dkr.ecr.${region}.${regionDnsSuffix(
          region,
        )}/${args.name}`;
        break;
      case 'aws_iam_role':
        attrs.id = args.name;
        attrs.arn = `arn:aws:iam::${accountId}:role/${args.name}`;
        break;
      case 'aws_ecs_cluster':
        attrs.arn = `arn:aws:ecs:${region}:${accountId}:cluster/${args.name}`;
        break;
      case 'aws_ecs_service':
        attrs.id = `arn:aws:ecs:${region}:${accountId}:service/${String(
          args.cluster,
        )
          .split('/')
          .pop()}/${args.name}`;
        break;
      default:
    }
    return attrs;
  };
  return new TerraformEvaluator(config, dataSource, computed);
}

function ruleOf(attrs: Record<string, any>): SecurityGroupRule {
  return {
    protocol: attrs.ip_protocol,
    fromPort: attrs.from_port,
    toPort: attrs.to_port,
    cidrBlocks: attrs.cidr_ipv4 ? [attrs.cidr_ipv4] : [],
    ipv6CidrBlocks: attrs.cidr_ipv6 ? [attrs.cidr_ipv6] : [],
    prefixListIds: attrs.prefix_list_id ? [attrs.prefix_list_id] : [],
    groupIds: attrs.referenced_security_group_id
      ? [attrs.referenced_security_group_id]
      : [],
  };
}

const ALLOW_ALL_ACL_ENTRIES: NetworkAcl['entries'] = [true, false].flatMap(
  egress => [
    {
      ruleNumber: 100,
      protocol: '-1',
      action: 'allow' as const,
      egress,
      cidrBlock: '0.0.0.0/0',
    },
    {
      ruleNumber: 32767,
      protocol: '-1',
      action: 'deny' as const,
      egress,
      cidrBlock: '0.0.0.0/0',
    },
  ],
);

/** The VPC after apply, as the engine's collector would read it. */
export async function snapshotAfterApply(
  ev: TerraformEvaluator,
  world: World,
): Promise<VpcSnapshot> {
  const createdVpc = (await ev.instancesOf('aws_vpc'))[0]?.attrs;
  const vpc = createdVpc
    ? {
        id: createdVpc.id,
        cidrBlock: createdVpc.cidr_block,
        enableDnsSupport: createdVpc.enable_dns_support ?? true,
        enableDnsHostnames: createdVpc.enable_dns_hostnames ?? false,
      }
    : world.vpc!;
  const localRoute = {
    destinationCidrBlock: vpc.cidrBlock,
    target: 'local',
    state: 'active' as const,
  };

  const subnets: Subnet[] = [
    ...clone(world.subnets),
    ...(await ev.instancesOf('aws_subnet')).map(({ attrs }) => ({
      id: attrs.id,
      cidrBlock: attrs.cidr_block,
      availabilityZone: attrs.availability_zone,
    })),
  ];
  const routeTables: RouteTable[] = clone(world.routeTables);
  if (createdVpc)
    routeTables.push({
      id: `rtb-${fakeIdSuffix('main')}`,
      main: true,
      subnetIds: [],
      routes: [localRoute],
    });
  for (const { attrs } of await ev.instancesOf('aws_route_table')) {
    const routes = (attrs.route ?? []).map((r: any) => ({
      destinationCidrBlock: r.cidr_block,
      target: r.gateway_id ?? r.nat_gateway_id,
      state: 'active',
    }));
    routeTables.push({
      id: attrs.id,
      main: false,
      subnetIds: [],
      routes: [localRoute, ...routes],
    });
  }
  for (const { attrs } of await ev.instancesOf('aws_route_table_association')) {
    routeTables
      .find(t => t.id === attrs.route_table_id)!
      .subnetIds.push(attrs.subnet_id);
  }

  const endpoints: VpcEndpoint[] = clone(world.endpoints);
  for (const { attrs } of await ev.instancesOf('aws_vpc_endpoint')) {
    endpoints.push({
      id: attrs.id,
      serviceName: attrs.service_name,
      type: attrs.vpc_endpoint_type ?? 'Gateway',
      state: 'available',
      privateDnsEnabled: attrs.private_dns_enabled ?? false,
      subnetIds: attrs.subnet_ids ?? [],
      securityGroupIds: attrs.security_group_ids ?? [],
      routeTableIds: attrs.route_table_ids ?? [],
      policyDocument: attrs.policy,
    });
  }
  for (const { attrs } of await ev.instancesOf(
    'aws_vpc_endpoint_route_table_association',
  )) {
    const endpoint = endpoints.find(e => e.id === attrs.vpc_endpoint_id)!;
    // As AWS answers: the table already routes the prefix list to this gateway.
    if (endpoint.routeTableIds.includes(attrs.route_table_id))
      throw new Error(
        `RouteAlreadyExists: ${attrs.route_table_id} is already associated with ${endpoint.id}`,
      );
    endpoint.routeTableIds.push(attrs.route_table_id);
  }
  for (const e of endpoints.filter(x => x.type === 'Gateway')) {
    for (const rtId of e.routeTableIds) {
      const table = routeTables.find(t => t.id === rtId);
      if (!table)
        throw new Error(
          `${e.id} is associated with unknown route table ${rtId}`,
        );
      if (!table.routes.some(r => r.target === e.id))
        table.routes.push({
          destinationPrefixListId: S3_PREFIX_LIST_ID,
          target: e.id,
          state: 'active',
        });
    }
  }

  const securityGroups: SecurityGroup[] = clone(world.securityGroups);
  for (const { attrs } of await ev.instancesOf('aws_security_group')) {
    securityGroups.push({
      id: attrs.id,
      name: attrs.name,
      ingress: [],
      egress: [],
    });
  }
  for (const [type, direction] of [
    ['aws_vpc_security_group_ingress_rule', 'ingress'],
    ['aws_vpc_security_group_egress_rule', 'egress'],
  ] as const) {
    for (const { attrs } of await ev.instancesOf(type)) {
      const group = securityGroups.find(g => g.id === attrs.security_group_id);
      if (!group)
        throw new Error(
          `${type} targets unknown security group ${attrs.security_group_id}`,
        );
      group[direction].push(ruleOf(attrs));
    }
  }

  const networkAcls: NetworkAcl[] = createdVpc
    ? [
        {
          id: `acl-${fakeIdSuffix('default')}`,
          isDefault: true,
          subnetIds: subnets.map(s => s.id),
          entries: ALLOW_ALL_ACL_ENTRIES,
        },
      ]
    : clone(world.networkAcls);

  return {
    region: world.region,
    accountId: world.accountId,
    vpcId: vpc.id,
    cidrBlocks: [vpc.cidrBlock],
    enableDnsSupport: vpc.enableDnsSupport,
    enableDnsHostnames: vpc.enableDnsHostnames,
    domainNameServers: ['AmazonProvidedDNS'],
    subnets,
    routeTables,
    endpoints,
    securityGroups,
    networkAcls,
    s3PrefixList: {
      id: S3_PREFIX_LIST_ID,
      name: endpointServiceName(world.region, 's3'),
      cidrs: ['52.218.0.0/17', '3.5.0.0/19'],
    },
    readAt: new Date(0).toISOString(),
    failures: [],
  };
}

/**
 * The ECS service after apply, as the engine's ECS reader would describe it: its network from
 * the aws_ecs_service, its needs derived by the engine from the task definition plus the
 * catalog annotation's declared needs.
 */
export async function serviceSpecAfterApply(
  ev: TerraformEvaluator,
  world: World,
  vpcId: string,
  annotationNeeds: string[],
): Promise<ServiceSpec> {
  const [service] = await ev.instancesOf('aws_ecs_service');
  const [taskDefinition] = await ev.instancesOf('aws_ecs_task_definition');
  if (!service || !taskDefinition)
    throw new Error('no aws_ecs_service or aws_ecs_task_definition');
  const network = service.attrs.network_configuration[0];
  const derived = deriveNeeds({
    region: world.region,
    taskDefinition: {
      containerDefinitions: JSON.parse(
        taskDefinition.attrs.container_definitions,
      ),
    },
    enableExecuteCommand: service.attrs.enable_execute_command,
    explicitNeeds: annotationNeeds,
  });
  return {
    region: world.region,
    accountId: world.accountId,
    vpcId,
    subnetIds: network.subnets,
    securityGroupIds: network.security_groups,
    assignPublicIp: network.assign_public_ip ? 'ENABLED' : 'DISABLED',
    needs: derived.needs,
    needSources: derived.needSources,
    images: derived.images,
    platformVersion: service.attrs.platform_version,
    serviceArn: service.attrs.id,
    serviceName: service.attrs.name,
    stoppedTasks: [],
    failures: [],
  };
}
