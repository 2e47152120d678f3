/**
 * From the form input to a service plan: every value validated (each problem names its
 * field), needs derived, endpoints split into the ones to create and the ones the VPC
 * already has, cost computed. Renderers read only the plan.
 */
import {
  endpointRequirements,
  isKnownRegion,
  validateAwsId,
  validateNeed,
  type EndpointRequirement,
  type Need,
  type NeedSource,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { VpcSnapshot } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  cidrContains,
  cidrSubnet,
  formatCidr,
  networkAddress,
  parseIpv4Cidr,
  PRIVATE_RANGES,
} from './cidr';
import { validateTaskSize } from './fargateSizes';
import { hclStringProblem } from './hclSafe';
import { classifyImage, type ContainerImage } from './image';
import type { FieldProblem, ServiceInput } from './input';
import { classifySecret, type ContainerSecret } from './secrets';
import { estimateCost, type ServiceCost } from './cost';

/** The network the service runs in. */
export type NetworkPlan =
  | {
      mode: 'newVpc';
      cidr: string;
      azCount: number;
      /** The private subnets, one per AZ, as `cidrsubnet(cidr, 2, i)` computes them. */
      subnetCidrs: string[];
    }
  | {
      mode: 'existingVpc';
      vpcId: string;
      subnetIds: string[];
      /** Known route tables of the task subnets; undefined: Terraform looks them up. */
      routeTableIds?: string[];
      /** AZs the task subnets span: exact after a lookup, else one per subnet assumed. */
      azCount: number;
      azCountKnown: boolean;
      /** Task route tables the reused S3 gateway endpoint is not associated with yet. */
      s3RouteTableAssociations: string[];
    };

/** Everything the renderers need to write the repository. */
export interface ServicePlan {
  name: string;
  owner: string;
  system?: string;
  description: string;
  region: string;
  partition: 'aws' | 'aws-cn' | 'aws-us-gov';
  accountId?: string;
  network: NetworkPlan;
  needs: Need[];
  needSources: NeedSource[];
  /** Endpoints this repository creates. */
  createEndpoints: EndpointRequirement[];
  /** Endpoints the VPC already has: referenced, never created again. */
  reuseEndpoints: EndpointRequirement[];
  secrets: ContainerSecret[];
  image: ContainerImage;
  containerPort: number;
  cpu: number;
  memory: number;
  desiredCount: number;
  enableExecuteCommand: boolean;
  /** Undefined: the repository creates a cluster named after the service. */
  existingClusterName?: string;
  clusterName: string;
  restrictS3EndpointPolicy: boolean;
  githubProjectSlug?: string;
  cost: ServiceCost;
  /** The ECS service ARN, when the account is known. */
  serviceArn?: string;
}

/** The state of an existing VPC read before planning, and why it could not be read. */
export type ExistingVpcState =
  | { status: 'read'; snapshot: VpcSnapshot }
  | { status: 'unavailable'; reason: string }
  | { status: 'not-requested' };

const SERVICE_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROUTE_TABLE_ID = /^rtb-[0-9a-f]{8}([0-9a-f]{9})?$/;
const ENDPOINT_SUFFIX = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const ENTITY_REF =
  /^([a-z][a-z0-9-]*:)?([a-z0-9][a-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/;
const GITHUB_SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Defaults applied before validation. */
export const SERVICE_DEFAULTS = {
  vpcMode: 'newVpc',
  vpcCidr: '10.0.0.0/16',
  azCount: 2,
  containerPort: 8080,
  cpu: 256,
  memory: 512,
  desiredCount: 2,
} as const;

/** Every string field of the input, with its path, for the HCL-quoting check. */
function stringFields(input: ServiceInput): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string') fields.push([key, value]);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item === 'string') fields.push([`${key}[${i}]`, item]);
        else if (item && typeof item === 'object') {
          for (const [k, v] of Object.entries(item)) {
            if (typeof v === 'string') fields.push([`${key}[${i}].${k}`, v]);
          }
        }
      });
    }
  }
  return fields;
}

function integerIn(
  field: string,
  value: number,
  min: number,
  max: number,
): FieldProblem[] {
  return Number.isInteger(value) && value >= min && value <= max
    ? []
    : [
        {
          field,
          message: `${value} must be a whole number from ${min} to ${max}`,
        },
      ];
}

function validateName(name: string): FieldProblem[] {
  if (name.length < 1 || name.length > 32) {
    return [
      {
        field: 'name',
        message: `"${name}" must be 1-32 characters (ECS, IAM role and security group names are derived from it)`,
      },
    ];
  }
  if (!SERVICE_NAME.test(name)) {
    return [
      {
        field: 'name',
        message: `"${name}" must be lowercase letters, digits and hyphens, start with a letter and not end with a hyphen`,
      },
    ];
  }
  return [];
}

function validateVpcCidr(value: string): FieldProblem[] {
  const cidr = parseIpv4Cidr(value);
  if (!cidr)
    return [
      {
        field: 'vpcCidr',
        message: `"${value}" is not an IPv4 CIDR such as 10.0.0.0/16`,
      },
    ];
  if (cidr.prefix < 16 || cidr.prefix > 24) {
    return [
      {
        field: 'vpcCidr',
        message: `"${value}" has prefix /${cidr.prefix}; a VPC takes /16 to /24`,
      },
    ];
  }
  if (networkAddress(cidr) !== cidr.base) {
    return [
      {
        field: 'vpcCidr',
        message: `"${value}" has host bits set; did you mean ${formatCidr(
          networkAddress(cidr),
          cidr.prefix,
        )}?`,
      },
    ];
  }
  if (!PRIVATE_RANGES.some(range => cidrContains(range, cidr))) {
    return [
      {
        field: 'vpcCidr',
        message: `"${value}" is not a private range; use 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10`,
      },
    ];
  }
  return [];
}

function validateNetwork(input: ServiceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const mode = input.vpcMode ?? SERVICE_DEFAULTS.vpcMode;
  if (mode === 'newVpc') {
    problems.push(
      ...validateVpcCidr(input.vpcCidr ?? SERVICE_DEFAULTS.vpcCidr),
    );
    problems.push(
      ...integerIn('azCount', input.azCount ?? SERVICE_DEFAULTS.azCount, 2, 3),
    );
    for (const field of [
      'vpcId',
      'subnetIds',
      'routeTableIds',
      'existingEndpoints',
    ] as const) {
      if (input[field] !== undefined && input[field]!.length > 0) {
        problems.push({
          field,
          message:
            'is only used with vpcMode existingVpc; a new VPC has no endpoints yet',
        });
      }
    }
    return problems;
  }
  if (!input.vpcId)
    problems.push({
      field: 'vpcId',
      message: 'is required with vpcMode existingVpc',
    });
  else {
    const bad = validateAwsId('vpc', input.vpcId);
    if (bad) problems.push({ field: 'vpcId', message: bad });
  }
  if (!input.subnetIds?.length)
    problems.push({
      field: 'subnetIds',
      message: 'needs at least one task subnet with vpcMode existingVpc',
    });
  (input.subnetIds ?? []).forEach((id, i) => {
    const bad = validateAwsId('subnet', id);
    if (bad) problems.push({ field: `subnetIds[${i}]`, message: bad });
  });
  if (new Set(input.subnetIds ?? []).size !== (input.subnetIds ?? []).length) {
    problems.push({ field: 'subnetIds', message: 'lists a subnet twice' });
  }
  (input.routeTableIds ?? []).forEach((id, i) => {
    if (!ROUTE_TABLE_ID.test(id))
      problems.push({
        field: `routeTableIds[${i}]`,
        message: `"${id}" is not a route table id; expected something like rtb-0a1b2c3d4e5f60718`,
      });
  });
  (input.existingEndpoints ?? []).forEach((s, i) => {
    if (!ENDPOINT_SUFFIX.test(s))
      problems.push({
        field: `existingEndpoints[${i}]`,
        message: `"${s}" is not an endpoint service suffix such as ecr.api, s3 or logs`,
      });
  });
  if (input.vpcCidr !== undefined)
    problems.push({
      field: 'vpcCidr',
      message: 'is only used with vpcMode newVpc',
    });
  return problems;
}

/**
 * Validates the whole input. Every problem names its field; nothing is written unless the
 * list is empty.
 */
export function validateServiceInput(input: ServiceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, value] of stringFields(input)) {
    const bad = hclStringProblem(value);
    if (bad) problems.push({ field, message: bad });
  }
  if (problems.length) return problems; // the rest would only repeat the same values

  problems.push(...validateName(input.name));
  if (!ENTITY_REF.test(input.owner))
    problems.push({
      field: 'owner',
      message: `"${input.owner}" is not an entity ref such as group:default/platform`,
    });
  if (
    input.system !== undefined &&
    input.system !== '' &&
    !ENTITY_REF.test(input.system)
  ) {
    problems.push({
      field: 'system',
      message: `"${input.system}" is not an entity ref such as system:default/payments`,
    });
  }
  if (!input.description.trim())
    problems.push({ field: 'description', message: 'must not be empty' });
  if (!isKnownRegion(input.region))
    problems.push({
      field: 'region',
      message: `"${input.region}" is not a known AWS region such as eu-west-1`,
    });
  if (input.accountId && !ACCOUNT_ID.test(input.accountId))
    problems.push({
      field: 'accountId',
      message: `"${input.accountId}" must be 12 digits`,
    });
  problems.push(...validateNetwork(input));
  (input.needs ?? []).forEach((need, i) => {
    const bad = validateNeed(need);
    if (bad) problems.push({ field: `needs[${i}]`, message: bad });
  });
  if (isKnownRegion(input.region)) {
    (input.secrets ?? []).forEach((secret, i) => {
      const result = classifySecret(secret, input.region);
      if ('problem' in result)
        problems.push({
          field: `secrets[${i}].${result.problem.part}`,
          message: result.problem.message,
        });
    });
    const image = classifyImage(
      input.containerImage || undefined,
      input.name,
      input.region,
    );
    if ('problem' in image)
      problems.push({ field: 'containerImage', message: image.problem });
  }
  const names = (input.secrets ?? []).map(s => s.name);
  if (new Set(names).size !== names.length)
    problems.push({
      field: 'secrets',
      message: 'names an environment variable twice',
    });
  problems.push(
    ...integerIn(
      'containerPort',
      input.containerPort ?? SERVICE_DEFAULTS.containerPort,
      1,
      65535,
    ),
  );
  problems.push(
    ...integerIn(
      'desiredCount',
      input.desiredCount ?? SERVICE_DEFAULTS.desiredCount,
      0,
      100,
    ),
  );
  problems.push(
    ...validateTaskSize(
      input.cpu ?? SERVICE_DEFAULTS.cpu,
      input.memory ?? SERVICE_DEFAULTS.memory,
    ),
  );
  if (input.clusterName && !CLUSTER_NAME.test(input.clusterName)) {
    problems.push({
      field: 'clusterName',
      message: `"${input.clusterName}" is not an ECS cluster name (letters, digits, hyphens, underscores)`,
    });
  }
  if (input.githubProjectSlug && !GITHUB_SLUG.test(input.githubProjectSlug)) {
    problems.push({
      field: 'githubProjectSlug',
      message: `"${input.githubProjectSlug}" must look like owner/repo`,
    });
  }
  if (
    input.enableExecuteCommand === false &&
    (input.needs ?? []).includes('exec')
  ) {
    problems.push({
      field: 'enableExecuteCommand',
      message:
        'is false but needs lists exec; ECS Exec is the only thing that uses the ssmmessages endpoint',
    });
  }
  return problems;
}

function partitionOf(region: string): ServicePlan['partition'] {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function deriveNeeds(
  input: ServiceInput,
  secrets: ContainerSecret[],
  exec: boolean,
): { needs: Need[]; sources: NeedSource[] } {
  const sources: NeedSource[] = [
    { need: 'ecr', reason: "the image is in this region's private ECR" },
    { need: 'logs', reason: 'the container uses the awslogs log driver' },
  ];
  if (secrets.some(s => s.store === 'secretsmanager'))
    sources.push({
      need: 'secretsmanager',
      reason: 'a secret valueFrom is a Secrets Manager ARN',
    });
  if (secrets.some(s => s.store === 'ssm'))
    sources.push({
      need: 'ssm',
      reason: 'a secret valueFrom is an SSM parameter',
    });
  if (exec)
    sources.push({ need: 'exec', reason: 'enableExecuteCommand is on' });
  for (const need of input.needs ?? []) {
    if (!sources.some(s => s.need === need))
      sources.push({ need, reason: 'given explicitly' });
  }
  return { needs: sources.map(s => s.need), sources };
}

/** The endpoints of a read VPC that can serve a need as they are. */
function reusableServices(snapshot: VpcSnapshot, region: string): Set<string> {
  const prefix = `com.amazonaws.${region}.`;
  const reusable = new Set<string>();
  for (const e of snapshot.endpoints) {
    if (
      !e.serviceName.startsWith(prefix) ||
      e.state.toLowerCase() !== 'available'
    )
      continue;
    const service = e.serviceName.slice(prefix.length);
    const isGateway = e.type.toLowerCase() === 'gateway';
    // An interface endpoint without private DNS does not capture the service's hostname.
    if (isGateway ? service === 's3' : e.privateDnsEnabled)
      reusable.add(service);
  }
  return reusable;
}

/** Each task subnet's effective route table: its explicit association, else the main table. */
function effectiveRouteTables(
  snapshot: VpcSnapshot,
  subnetIds: string[],
): string[] | undefined {
  if (snapshot.failures.some(f => f.part === 'routeTables')) return undefined;
  const main = snapshot.routeTables.find(rt => rt.main);
  const ids = subnetIds.map(
    s =>
      snapshot.routeTables.find(rt => rt.subnetIds.includes(s))?.id ?? main?.id,
  );
  return ids.every(Boolean) ? [...new Set(ids as string[])] : undefined;
}

function planExistingNetwork(
  input: ServiceInput,
  reuse: EndpointRequirement[],
  state: ExistingVpcState,
): NetworkPlan {
  const subnetIds = input.subnetIds!;
  const snapshot = state.status === 'read' ? state.snapshot : undefined;
  const readSubnets =
    snapshot && !snapshot.failures.some(f => f.part === 'subnets')
      ? snapshot.subnets.filter(s => subnetIds.includes(s.id))
      : [];
  const azs = new Set(readSubnets.map(s => s.availabilityZone));
  const azCountKnown = readSubnets.length === subnetIds.length;
  const routeTableIds = input.routeTableIds?.length
    ? [...new Set(input.routeTableIds)]
    : snapshot && effectiveRouteTables(snapshot, subnetIds);
  let s3RouteTableAssociations: string[] = [];
  const s3 = snapshot?.endpoints.find(
    e =>
      e.serviceName === `com.amazonaws.${input.region}.s3` &&
      e.type.toLowerCase() === 'gateway',
  );
  if (s3 && routeTableIds && reuse.some(r => r.service === 's3')) {
    s3RouteTableAssociations = routeTableIds.filter(
      id => !s3.routeTableIds.includes(id),
    );
  }
  return {
    mode: 'existingVpc',
    vpcId: input.vpcId!,
    subnetIds,
    routeTableIds,
    azCount: azCountKnown ? azs.size : subnetIds.length,
    azCountKnown,
    s3RouteTableAssociations,
  };
}

/** Builds the plan from input that {@link validateServiceInput} accepted. */
export function planService(
  input: ServiceInput,
  state: ExistingVpcState = { status: 'not-requested' },
): ServicePlan {
  const secrets = (input.secrets ?? []).map(s => {
    const result = classifySecret(s, input.region);
    if ('problem' in result)
      throw new Error('planService called with invalid secrets');
    return result.secret;
  });
  const image = classifyImage(
    input.containerImage || undefined,
    input.name,
    input.region,
  );
  if ('problem' in image)
    throw new Error('planService called with an invalid image');
  const exec =
    input.enableExecuteCommand ?? (input.needs ?? []).includes('exec');
  const { needs, sources } = deriveNeeds(input, secrets, exec);
  const required = endpointRequirements(needs);

  const mode = input.vpcMode ?? SERVICE_DEFAULTS.vpcMode;
  const existing = new Set(
    mode === 'existingVpc' ? input.existingEndpoints ?? [] : [],
  );
  if (state.status === 'read')
    for (const s of reusableServices(state.snapshot, input.region))
      existing.add(s);
  const reuseEndpoints = required.filter(r => existing.has(r.service));
  const createEndpoints = required.filter(r => !existing.has(r.service));

  let network: NetworkPlan;
  if (mode === 'newVpc') {
    const cidr = input.vpcCidr ?? SERVICE_DEFAULTS.vpcCidr;
    const azCount = input.azCount ?? SERVICE_DEFAULTS.azCount;
    const parsed = parseIpv4Cidr(cidr)!;
    network = {
      mode,
      cidr,
      azCount,
      subnetCidrs: Array.from({ length: azCount }, (_, i) =>
        cidrSubnet(parsed, 2, i),
      ),
    };
  } else {
    network = planExistingNetwork(input, reuseEndpoints, state);
  }

  const partition = partitionOf(input.region);
  const clusterName = input.clusterName || input.name;
  const accountId = input.accountId || undefined;
  return {
    name: input.name,
    owner: input.owner,
    system: input.system || undefined,
    description: input.description,
    region: input.region,
    partition,
    accountId,
    network,
    needs,
    needSources: sources,
    createEndpoints,
    reuseEndpoints,
    secrets,
    image: image.image,
    containerPort: input.containerPort ?? SERVICE_DEFAULTS.containerPort,
    cpu: input.cpu ?? SERVICE_DEFAULTS.cpu,
    memory: input.memory ?? SERVICE_DEFAULTS.memory,
    desiredCount: input.desiredCount ?? SERVICE_DEFAULTS.desiredCount,
    enableExecuteCommand: exec,
    existingClusterName: input.clusterName || undefined,
    clusterName,
    restrictS3EndpointPolicy: input.restrictS3EndpointPolicy ?? false,
    githubProjectSlug: input.githubProjectSlug || undefined,
    cost: estimateCost(createEndpoints, reuseEndpoints, network.azCount),
    serviceArn: accountId
      ? `arn:${partition}:ecs:${input.region}:${accountId}:service/${clusterName}/${input.name}`
      : undefined,
  };
}
