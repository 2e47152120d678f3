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
import { isPrivateEcrImageInRegion } from './spec/images';
import { classifySecretSource } from './spec/secrets';

/** Input of {@link deriveNeeds}. */
export interface DeriveNeedsInput {
  region: string;
  taskDefinition?: TaskDefinition;
  /** The ECS service's `enableExecuteCommand`. */
  enableExecuteCommand?: boolean;
  /** Needs the user declared (annotation, CLI flag, template input). */
  explicitNeeds?: string[];
  /**
   * Containers whose image goes to an ECR repository in this region that does not exist yet
   * (a template creates it), by container name.
   */
  newEcrRepositories?: Record<string, string>;
}

/** What {@link deriveNeeds} found. */
export interface DerivedNeeds {
  needs: Need[];
  needSources: NeedSource[];
  /** Every container image of the task definition, in container order. */
  images: string[];
}

/** The need a secret's `valueFrom` implies, or undefined when it names no store a task reads at start. */
function needForValueFrom(valueFrom: string): Need | undefined {
  const classified = classifySecretSource(valueFrom);
  return 'source' in classified ? classified.source.store : undefined;
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
    const newRepository = input.newEcrRepositories?.[name];
    if (newRepository) {
      add(
        'ecr',
        `container ${name} pulls its image from the new private ECR repository ${newRepository}`,
      );
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
