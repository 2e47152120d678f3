/**
 * The needs vocabulary: what a task uses, and which VPC endpoint services that takes.
 */

/**
 * A need alias with a fixed meaning. Any other lowercase service suffix (kms, sts, ...) is a custom need.
 *
 * @public
 */
export const KNOWN_NEEDS = [
  'ecr',
  'logs',
  'secretsmanager',
  'ssm',
  'exec',
] as const;

/**
 * A known need alias.
 *
 * @public
 */
export type KnownNeed = (typeof KNOWN_NEEDS)[number];

/**
 * A need: a known alias, or an endpoint service suffix such as `kms`, `sts`, `xray`.
 * Endpoint service names come from {@link endpointServiceName} (China differs).
 *
 * @public
 */
export type Need = string;

/**
 * What the failure of a need does: `start`, AWS does not start the task (or stops it at
 * once); `run-time`, the task runs and something fails later (see `NEED_CONSEQUENCES`).
 *
 * @public
 */
export type NeedConsequence = 'start' | 'run-time';

/**
 * The type of a VPC endpoint.
 *
 * @public
 */
export type EndpointType = 'Interface' | 'Gateway';

/**
 * One endpoint service a need requires.
 *
 * @public
 */
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

/**
 * Services Fargate never needs an endpoint for; asking for them is a mistake worth naming.
 *
 * @public
 */
export const SERVICES_FARGATE_DOES_NOT_NEED = [
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
];

const CUSTOM_NEED = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/**
 * True for a known alias.
 *
 * @public
 */
export function isKnownNeed(need: string): need is KnownNeed {
  return (KNOWN_NEEDS as readonly string[]).includes(need);
}

/**
 * Checks one need and returns an error message naming the fix, or undefined when it is valid.
 *
 * @public
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

/**
 * True for Fargate platform versions before 1.4.0, whose image pulls and secret fetches went
 * through the Fargate host's own network rather than the task's ENI, without ecr.api
 * (docs/domain.md#what-a-service-needs). `LATEST` and undefined mean 1.4.0 or later.
 *
 * @public
 */
export function isPrePlatform14(platformVersion: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(platformVersion ?? '');
  return Boolean(m && (Number(m[1]) < 1 || (m[1] === '1' && Number(m[2]) < 4)));
}

/**
 * Options of {@link endpointRequirements}.
 *
 * @public
 */
export interface EndpointRequirementOptions {
  /** The service's Fargate platform version; before 1.4.0 ECR needs no ecr.api. */
  platformVersion?: string;
}

/**
 * The endpoint services the needs require, deduplicated, in a stable order.
 *
 * @public
 */
export function endpointRequirements(
  needs: readonly Need[],
  options: EndpointRequirementOptions = {},
): EndpointRequirement[] {
  const pre14 = isPrePlatform14(options.platformVersion);
  const seen = new Map<string, EndpointRequirement>();
  for (const need of needs) {
    // `s3` is never an explicit need (validateNeed), but a task that writes objects (a
    // FireLens S3 output) derives it: S3 is reached through the Gateway endpoint.
    const services = isKnownNeed(need)
      ? NEED_SERVICES[need]
      : [
          {
            service: need,
            type: need === 's3' ? ('Gateway' as const) : ('Interface' as const),
          },
        ];
    for (const s of services) {
      if (pre14 && need === 'ecr' && s.service === 'ecr.api') continue;
      if (!seen.has(s.service)) seen.set(s.service, { ...s, need });
    }
  }
  return [...seen.values()];
}
