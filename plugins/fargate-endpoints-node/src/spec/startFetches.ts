/**
 * What the Fargate agent fetches before the containers run, field by field of the ECS task
 * definition ("Task definition parameters", ECS Developer Guide): each fetch goes through the
 * task's ENI to one AWS service in one region, for one resource. Images are judged elsewhere
 * (spec/images.ts, the ECR rules); these are the others:
 *
 * - `containerDefinitions[].secrets[].valueFrom` and `logConfiguration.secretOptions[]`: a
 *   Secrets Manager secret or an SSM parameter, in the region its ARN names (a bare parameter
 *   name is the task's region);
 * - `containerDefinitions[].repositoryCredentials.credentialsParameter`: a Secrets Manager
 *   secret holding private registry credentials;
 * - `logConfiguration` with the `awslogs` driver: CloudWatch Logs in `awslogs-region`;
 * - `containerDefinitions[].environmentFiles[]` (type `s3`): an S3 object;
 * - `firelensConfiguration.options` with `config-file-type` `s3`: an S3 object.
 *
 * EFS volumes are judged by rules/efs.ts. The other fields (environment, command, health
 * checks, ulimits, ...) make no AWS call at start.
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import {
  parseArn,
  partitionOfRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { classifySecretSource } from './secrets';

/**
 * The endpoint service a start fetch goes to.
 *
 * @public
 */
export type StartFetchService = 'secretsmanager' | 'ssm' | 'logs' | 's3';

/**
 * One call the agent makes before the containers run.
 *
 * @public
 */
export interface StartFetch {
  service: StartFetchService;
  /** The region of the service the call goes to; for S3, the task's (a bucket's region is not in its ARN). */
  region: string;
  /** The resource: a secret, parameter, log group or S3 object ARN. */
  resource: string;
  /** The task definition field, for example `containerDefinitions[app].secrets[DB_PASSWORD]`. */
  field: string;
  /** In words: "secret DB_PASSWORD of container app". */
  what: string;
}

const S3_OBJECT_ARN = /^arn:aws[a-z-]*:s3:::[^/]+\/.+$/;

function partition(region: string): string {
  return partitionOfRegion(region) ?? 'aws';
}

/** The start fetches of a task definition for a task in `region` of `accountId`. */
export function startFetches(
  taskDefinition: TaskDefinition | undefined,
  region: string,
  accountId?: string,
): StartFetch[] {
  const fetches: StartFetch[] = [];
  const add = (fetch: StartFetch) => {
    if (
      !fetches.some(
        f => f.resource === fetch.resource && f.field === fetch.field,
      )
    )
      fetches.push(fetch);
  };
  for (const container of taskDefinition?.containerDefinitions ?? []) {
    const name = container.name ?? '(unnamed)';
    const base = `containerDefinitions[${name}]`;
    const secretRefs = [
      ...(container.secrets ?? []).map(s => ({
        field: `${base}.secrets[${s.name}]`,
        what: `secret ${s.name} of container ${name}`,
        valueFrom: s.valueFrom,
      })),
      ...(container.logConfiguration?.secretOptions ?? []).map(s => ({
        field: `${base}.logConfiguration.secretOptions[${s.name}]`,
        what: `log option ${s.name} of container ${name}`,
        valueFrom: s.valueFrom,
      })),
      ...(container.repositoryCredentials?.credentialsParameter
        ? [
            {
              field: `${base}.repositoryCredentials.credentialsParameter`,
              what: `registry credentials of container ${name}`,
              valueFrom: container.repositoryCredentials.credentialsParameter,
            },
          ]
        : []),
    ];
    for (const ref of secretRefs) {
      if (!ref.valueFrom) continue;
      const classified = classifySecretSource(ref.valueFrom);
      if (!('source' in classified)) continue;
      const { store, resource } = classified.source;
      if ('arn' in resource) {
        const parsed = parseArn(resource.arn);
        add({
          service: store,
          region: 'arn' in parsed ? parsed.arn.region || region : region,
          resource: resource.arn,
          field: ref.field,
          what: ref.what,
        });
      } else {
        add({
          service: 'ssm',
          region,
          resource: accountId
            ? `arn:${partition(region)}:ssm:${region}:${accountId}:parameter/${
                resource.parameterPath
              }`
            : resource.parameterPath,
          field: ref.field,
          what: ref.what,
        });
      }
    }
    const log = container.logConfiguration;
    if (log?.logDriver === 'awslogs' && log.options?.['awslogs-group']) {
      const logRegion = log.options['awslogs-region'] ?? region;
      const group = log.options['awslogs-group'];
      add({
        service: 'logs',
        region: logRegion,
        resource: accountId
          ? `arn:${partition(
              logRegion,
            )}:logs:${logRegion}:${accountId}:log-group:${group}`
          : group,
        field: `${base}.logConfiguration.options[awslogs-group]`,
        what: `log group ${group} of container ${name}`,
      });
    }
    for (const file of container.environmentFiles ?? []) {
      if (file.type !== 's3' || !S3_OBJECT_ARN.test(file.value ?? '')) continue;
      add({
        service: 's3',
        region,
        resource: file.value!,
        field: `${base}.environmentFiles`,
        what: `environment file of container ${name}`,
      });
    }
    const firelens = container.firelensConfiguration?.options;
    if (
      firelens?.['config-file-type'] === 's3' &&
      S3_OBJECT_ARN.test(firelens['config-file-value'] ?? '')
    ) {
      add({
        service: 's3',
        region,
        resource: firelens['config-file-value'],
        field: `${base}.firelensConfiguration.options[config-file-value]`,
        what: `FireLens configuration of container ${name}`,
      });
    }
  }
  return fetches;
}
