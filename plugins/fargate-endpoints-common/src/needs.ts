/**
 * The needs vocabulary: what a task uses, and which VPC endpoint services that takes.
 */

/** A need alias with a fixed meaning. Any other lowercase service suffix (kms, sts, ...) is a custom need. */
export const KNOWN_NEEDS = [
  'ecr',
  'logs',
  'secretsmanager',
  'ssm',
  'exec',
] as const;

/** A known need alias. */
export type KnownNeed = (typeof KNOWN_NEEDS)[number];

/**
 * A need: a known alias, or an endpoint service suffix such as `kms`, `sts`, `xray`.
 * Endpoint service names are `com.amazonaws.<region>.<suffix>`.
 */
export type Need = string;

/** The type of a VPC endpoint. */
export type EndpointType = 'Interface' | 'Gateway';

/** One endpoint service a need requires. */
export interface EndpointRequirement {
  /** Service suffix, for example `ecr.api` or `s3`. */
  service: string;
  type: EndpointType;
  /** The need that asks for it. */
  need: Need;
}

const NEED_SERVICES: Record<
  KnownNeed,
  Array<{ service: string; type: EndpointType }>
> = {
  ecr: [
    { service: 'ecr.api', type: 'Interface' },
    { service: 'ecr.dkr', type: 'Interface' },
    { service: 's3', type: 'Gateway' },
  ],
  logs: [{ service: 'logs', type: 'Interface' }],
  secretsmanager: [{ service: 'secretsmanager', type: 'Interface' }],
  ssm: [{ service: 'ssm', type: 'Interface' }],
  exec: [{ service: 'ssmmessages', type: 'Interface' }],
};

/** Services Fargate never needs an endpoint for; asking for them is a mistake worth naming. */
export const SERVICES_FARGATE_DOES_NOT_NEED = [
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
];

const CUSTOM_NEED = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** True for a known alias. */
export function isKnownNeed(need: string): need is KnownNeed {
  return (KNOWN_NEEDS as readonly string[]).includes(need);
}

/**
 * Checks one need and returns an error message naming the fix, or undefined when it is valid.
 */
export function validateNeed(need: string): string | undefined {
  if (isKnownNeed(need)) return undefined;
  if (SERVICES_FARGATE_DOES_NOT_NEED.includes(need)) {
    return `need "${need}" is not used by Fargate tasks; remove it (known needs: ${KNOWN_NEEDS.join(
      ', ',
    )})`;
  }
  if (need === 's3' || need.startsWith('ecr.')) {
    return `need "${need}" is part of "ecr"; use "ecr" instead`;
  }
  if (!CUSTOM_NEED.test(need)) {
    return `unknown need "${need}": use one of ${KNOWN_NEEDS.join(
      ', ',
    )} or an endpoint service suffix such as kms, sts or xray`;
  }
  return undefined;
}

/** The endpoint services the needs require, deduplicated, in a stable order. */
export function endpointRequirements(
  needs: readonly Need[],
): EndpointRequirement[] {
  const seen = new Map<string, EndpointRequirement>();
  for (const need of needs) {
    const services = isKnownNeed(need)
      ? NEED_SERVICES[need]
      : [{ service: need, type: 'Interface' as const }];
    for (const s of services) {
      if (!seen.has(s.service)) seen.set(s.service, { ...s, need });
    }
  }
  return [...seen.values()];
}

/** The full endpoint service name, for example `com.amazonaws.eu-west-1.ecr.api`. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/** AWS commercial, GovCloud and China regions the checker accepts. */
export const AWS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'cn-north-1',
  'cn-northwest-1',
] as const;

/** True when the region is one the checker knows. */
export function isKnownRegion(region: string): boolean {
  return (AWS_REGIONS as readonly string[]).includes(region);
}
