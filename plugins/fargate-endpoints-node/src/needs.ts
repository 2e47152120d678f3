/**
 * Which AWS services a task uses, read from its task definition (DOMAIN section 2), and where
 * its images live.
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { InputError } from '@backstage/errors';
import {
  KNOWN_NEEDS,
  Need,
  NeedSource,
  validateNeed,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** An image in a private ECR registry. */
export interface PrivateEcrImage {
  accountId: string;
  region: string;
  repository: string;
  /** `arn:<partition>:ecr:<region>:<account>:repository/<name>`. */
  repositoryArn: string;
}

const PRIVATE_ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(\.cn)?\/([^:@]+)/;

/** Parses a private ECR image reference (`<acct>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`); undefined otherwise. */
export function parsePrivateEcrImage(
  image: string,
): PrivateEcrImage | undefined {
  const m = PRIVATE_ECR_IMAGE.exec(image.trim());
  if (!m) return undefined;
  const [, accountId, region, china, repository] = m;
  let partition = 'aws';
  if (china) partition = 'aws-cn';
  else if (region.startsWith('us-gov-')) partition = 'aws-us-gov';
  return {
    accountId,
    region,
    repository,
    repositoryArn: `arn:${partition}:ecr:${region}:${accountId}:repository/${repository}`,
  };
}

/** True when the image is in this region's private ECR, the only registry an isolated subnet can reach. */
export function isPrivateEcrImageInRegion(
  image: string,
  region: string,
): boolean {
  return parsePrivateEcrImage(image)?.region === region;
}

/** Input of {@link deriveNeeds}. */
export interface DeriveNeedsInput {
  region: string;
  taskDefinition?: TaskDefinition;
  /** The ECS service's `enableExecuteCommand`. */
  enableExecuteCommand?: boolean;
  /** Needs the user declared (annotation, CLI flag, template input). */
  explicitNeeds?: string[];
}

/** What {@link deriveNeeds} found. */
export interface DerivedNeeds {
  needs: Need[];
  needSources: NeedSource[];
  /** Every container image of the task definition, in container order. */
  images: string[];
}

const SECRETS_MANAGER_ARN = /^arn:[^:]+:secretsmanager:/;
const SSM_PARAMETER_ARN = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\//;

/** The need a secret's `valueFrom` implies: a Secrets Manager ARN, or an SSM parameter ARN or name. */
function needForValueFrom(valueFrom: string): Need | undefined {
  if (SECRETS_MANAGER_ARN.test(valueFrom)) return 'secretsmanager';
  if (SSM_PARAMETER_ARN.test(valueFrom)) return 'ssm';
  if (valueFrom.startsWith('arn:')) return undefined; // another service's ARN: not a secret source we know
  return valueFrom.trim() ? 'ssm' : undefined;
}

/**
 * Derives the needs of a task from its task definition and service settings, with the reason
 * for each, and adds explicit needs. Throws InputError naming the fix for an invalid explicit need.
 */
export function deriveNeeds(input: DeriveNeedsInput): DerivedNeeds {
  const sources: NeedSource[] = [];
  const add = (need: Need, reason: string) => {
    if (!sources.some(s => s.need === need && s.reason === reason))
      sources.push({ need, reason });
  };
  const containers = input.taskDefinition?.containerDefinitions ?? [];
  const images: string[] = [];
  for (const container of containers) {
    const name = container.name ?? '(unnamed)';
    if (container.image) {
      images.push(container.image);
      if (isPrivateEcrImageInRegion(container.image, input.region)) {
        add(
          'ecr',
          `container ${name} pulls ${container.image} from private ECR`,
        );
      }
    }
    if (container.logConfiguration?.logDriver === 'awslogs') {
      add('logs', `container ${name} uses the awslogs log driver`);
    }
    if (container.repositoryCredentials?.credentialsParameter) {
      add(
        'secretsmanager',
        `container ${name} reads registry credentials from Secrets Manager`,
      );
    }
    const secretRefs = [
      ...(container.secrets ?? []).map(s => ({
        where: `secret ${s.name}`,
        valueFrom: s.valueFrom,
      })),
      ...(container.logConfiguration?.secretOptions ?? []).map(s => ({
        where: `log option ${s.name}`,
        valueFrom: s.valueFrom,
      })),
    ];
    for (const ref of secretRefs) {
      const need = ref.valueFrom ? needForValueFrom(ref.valueFrom) : undefined;
      if (need === 'secretsmanager')
        add(need, `container ${name} ${ref.where} comes from Secrets Manager`);
      if (need === 'ssm')
        add(
          need,
          `container ${name} ${ref.where} comes from SSM Parameter Store`,
        );
    }
  }
  if (input.enableExecuteCommand)
    add('exec', 'the service has ECS Exec (enableExecuteCommand) turned on');
  for (const raw of input.explicitNeeds ?? []) {
    const need = raw.trim().toLowerCase();
    if (!need) continue;
    const problem = validateNeed(need);
    if (problem) throw new InputError(problem);
    add(need, 'given explicitly');
  }
  const order = (need: Need) => {
    const known = (KNOWN_NEEDS as readonly string[]).indexOf(need);
    return known === -1 ? KNOWN_NEEDS.length : known;
  };
  const needs = [...new Set(sources.map(s => s.need))].sort(
    (a, b) => order(a) - order(b),
  );
  return { needs, needSources: sources, images };
}
