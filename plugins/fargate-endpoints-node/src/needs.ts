/**
 * Which AWS services a task uses, read from its task definition (docs/domain.md#what-a-service-needs), and where
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
import { isPrivateEcrImageInRegion, parsePrivateEcrImage } from './spec/images';
import { classifySecretSource } from './spec/secrets';

/**
 * Input of {@link deriveNeeds}.
 *
 * @public
 */
export interface DeriveNeedsInput {
  region: string;
  taskDefinition?: TaskDefinition;
  /** The ECS service's `enableExecuteCommand`. */
  enableExecuteCommand?: boolean;
  /** The ECS service's launch type (`FARGATE`, `EC2`, `EXTERNAL`), when it has one. */
  launchType?: string;
  /** The capacity providers of the service's strategy (`FARGATE`, `FARGATE_SPOT`, or EC2 ones). */
  capacityProviders?: string[];
  /** Needs the user declared (annotation, CLI flag, template input). */
  explicitNeeds?: string[];
  /**
   * Containers whose image goes to an ECR repository in this region that does not exist yet
   * (a template creates it), by container name.
   */
  newEcrRepositories?: Record<string, string>;
}

/**
 * What {@link deriveNeeds} found.
 *
 * @public
 */
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
 * The endpoints a FireLens output plugin writes through (Fluent Bit's `Name` option, or
 * Fluentd's `@type`): `firehose`/`kinesis_firehose` → kinesis-firehose, `kinesis` /
 * `kinesis_streams` → kinesis-streams, `cloudwatch`/`cloudwatch_logs` → logs, `s3` → the S3
 * gateway (AWS for Fluent Bit output plugins; ECS developer guide, "Custom log routing").
 */
const FIRELENS_OUTPUTS: Record<string, Need> = {
  firehose: 'kinesis-firehose',
  kinesis_firehose: 'kinesis-firehose',
  kinesis: 'kinesis-streams',
  kinesis_streams: 'kinesis-streams',
  cloudwatch: 'logs',
  cloudwatch_logs: 'logs',
  s3: 's3',
};

/** The region an ARN names, or `fallback` for anything else (a bare SSM parameter name). */
function arnRegion(value: string, fallback: string): string {
  const m = /^arn:[^:]+:[^:]+:([^:]*):/.exec(value.trim());
  return m?.[1] || fallback;
}

/** Capacity providers that are Fargate; any other one runs tasks on EC2 instances. */
const FARGATE_CAPACITY_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

/**
 * Derives the needs of a task from its task definition and service settings, with the reason
 * for each, and adds explicit needs. Throws InputError naming the fix for an invalid explicit need.
 *
 * @public
 */
export function deriveNeeds(input: DeriveNeedsInput): DerivedNeeds {
  const sources: NeedSource[] = [];
  const add = (
    need: Need,
    reason: string,
    consequence?: NeedSource['consequence'],
  ) => {
    if (!sources.some(s => s.need === need && s.reason === reason))
      sources.push({ need, reason, ...(consequence ? { consequence } : {}) });
  };
  const containers = input.taskDefinition?.containerDefinitions ?? [];
  const images: string[] = [];
  for (const container of containers) {
    const name = container.name ?? '(unnamed)';
    if (container.image) {
      images.push(container.image);
      if (isPrivateEcrImageInRegion(container.image, input.region)) {
        // The registry host is the account and region; the card reads the short form.
        const ecr = parsePrivateEcrImage(container.image)!;
        add(
          'ecr',
          `container ${name} pulls ${container.image
            .trim()
            .split('/')
            .slice(1)
            .join('/')} from account ${ecr.accountId}'s private ECR`,
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
    const awslogsRegion =
      container.logConfiguration?.options?.['awslogs-region'] ?? input.region;
    if (
      container.logConfiguration?.logDriver === 'awslogs' &&
      awslogsRegion === input.region
    ) {
      add('logs', `container ${name} uses the awslogs log driver`);
    }
    // The agent downloads these from S3 before the containers start, through the S3 gateway.
    if ((container.environmentFiles ?? []).some(f => f.type === 's3'))
      add('s3', `container ${name} reads environment files from S3 at start`);
    if (container.firelensConfiguration?.options?.['config-file-type'] === 's3')
      add(
        's3',
        `container ${name}'s FireLens configuration comes from S3 at start`,
      );
    if (container.logConfiguration?.logDriver === 'awsfirelens') {
      const options = container.logConfiguration.options ?? {};
      const output = (options.Name ?? options['@type'] ?? '').toLowerCase();
      const need = FIRELENS_OUTPUTS[output];
      // The log router starts whether or not its output is reachable; what it sends is lost.
      if (need)
        add(
          need,
          `container ${name} logs through FireLens to the ${output} output`,
          'run-time',
        );
    }
    const image = (container.image ?? '').toLowerCase();
    if (image.includes('aws-appmesh-envoy'))
      add(
        'appmesh-envoy-management',
        `container ${name} runs the App Mesh Envoy image, which gets its configuration from App Mesh`,
      );
    if (image.includes('aws-xray-daemon'))
      add(
        'xray',
        `container ${name} runs the X-Ray daemon, which sends traces to X-Ray`,
      );
    if (image.includes('aws-otel-collector')) {
      add(
        'xray',
        `container ${name} runs the ADOT collector, which sends traces to X-Ray`,
      );
      add(
        'monitoring',
        `container ${name} runs the ADOT collector, which sends metrics to CloudWatch`,
      );
    }
    if (
      image.includes('aws-guardduty-agent') ||
      name.startsWith('aws-guardduty-agent')
    )
      add(
        'guardduty-data',
        `container ${name} is the GuardDuty runtime monitoring agent, which reports to GuardDuty`,
      );
    if (
      container.repositoryCredentials?.credentialsParameter &&
      arnRegion(
        container.repositoryCredentials.credentialsParameter,
        input.region,
      ) === input.region
    ) {
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
      // A secret in another region is not reached through this region's endpoints: the
      // start-fetch rule judges it (rules/startFetches.ts).
      if (
        ref.valueFrom &&
        arnRegion(ref.valueFrom, input.region) !== input.region
      )
        continue;
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
  if (input.taskDefinition?.proxyConfiguration?.type === 'APPMESH')
    add(
      'appmesh-envoy-management',
      'the task definition has an App Mesh proxy configuration',
    );
  const ec2Capacity = [
    ...(input.launchType === 'EC2' ? ['the EC2 launch type'] : []),
    ...(input.capacityProviders ?? [])
      .filter(p => !FARGATE_CAPACITY_PROVIDERS.includes(p))
      .map(p => `the capacity provider ${p}`),
  ];
  if (ec2Capacity.length > 0) {
    // ECS developer guide, "Amazon ECS interface VPC endpoints": container instances need all
    // three, or their traffic goes over the public endpoints.
    for (const need of ['ecs', 'ecs-agent', 'ecs-telemetry'])
      add(
        need,
        `the service runs tasks on EC2 instances (${ec2Capacity.join(
          ', ',
        )}), whose ECS agent needs ${need}`,
      );
  }
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
