/**
 * Container secrets: where each `valueFrom` lives decides the endpoint the task needs at
 * start (secretsmanager or ssm) and what the execution role must be allowed to read.
 * ECS takes a Secrets Manager secret ARN (optionally with `:json-key:version-stage:version-id`),
 * an SSM parameter ARN, or an SSM parameter name in the task's region (ECS Developer Guide,
 * "Pass sensitive data to an Amazon ECS container").
 */
import { parseArn } from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * The store a secret comes from.
 *
 * @public
 */
export type SecretStore = 'secretsmanager' | 'ssm';

/**
 * A secret's `valueFrom`, classified.
 *
 * @public
 */
export interface SecretSource {
  store: SecretStore;
  /**
   * The resource for the execution role policy: the secret ARN without a JSON key suffix, the
   * parameter ARN, or (for a bare parameter name) the parameter path to combine with the
   * account and region.
   */
  resource: { arn: string } | { parameterPath: string };
}

const SECRET_RESOURCE = /^secret:([A-Za-z0-9/_+=.@-]+)((:[^:]*){0,3})$/;
const PARAMETER_RESOURCE = /^parameter(\/[A-Za-z0-9/_.-]+)$/;
const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

function otherRegion(found: string, region: string): string {
  return `is in ${found} but the service runs in ${region}: the task reaches secrets through this region's VPC endpoints only; copy the secret to ${region}`;
}

/**
 * Classifies a `valueFrom` for a task in the region, or says why ECS could not use it.
 * With `region` undefined the region is not checked (a live task definition, judged as is).
 *
 * @public
 */
export function classifySecretSource(
  valueFrom: string,
  region?: string,
): { source: SecretSource } | { problem: string } {
  const value = valueFrom.trim();
  if (value.startsWith('arn:')) {
    const parsed = parseArn(value);
    if ('problem' in parsed) return parsed;
    const { arn } = parsed;
    const where = region ?? arn.region;
    if (arn.service === 'secretsmanager') {
      const m = SECRET_RESOURCE.exec(arn.resource);
      if (!m || !arn.accountId) {
        return {
          problem: `"${valueFrom}" is not a Secrets Manager secret ARN (arn:${arn.partition}:secretsmanager:${where}:<account>:secret:<name>)`,
        };
      }
      if (region && arn.region !== region)
        return { problem: `"${valueFrom}" ${otherRegion(arn.region, region)}` };
      // A JSON key or version suffix selects inside the secret; IAM wants the secret itself.
      const secretArn = `arn:${arn.partition}:secretsmanager:${arn.region}:${arn.accountId}:secret:${m[1]}`;
      return {
        source: { store: 'secretsmanager', resource: { arn: secretArn } },
      };
    }
    if (arn.service === 'ssm') {
      if (!PARAMETER_RESOURCE.test(arn.resource) || !arn.accountId) {
        return {
          problem: `"${valueFrom}" is not an SSM parameter ARN (arn:${arn.partition}:ssm:${where}:<account>:parameter/<path>)`,
        };
      }
      if (region && arn.region !== region)
        return { problem: `"${valueFrom}" ${otherRegion(arn.region, region)}` };
      return { source: { store: 'ssm', resource: { arn: value } } };
    }
    return {
      problem: `"${valueFrom}" is a ${arn.service} ARN; a secret comes from Secrets Manager (arn:${arn.partition}:secretsmanager:...) or SSM Parameter Store (arn:${arn.partition}:ssm:...:parameter/...)`,
    };
  }
  if (!SSM_PARAMETER_NAME.test(value)) {
    return {
      problem: `"${valueFrom}" is not an SSM parameter name such as /app/db/password, nor a Secrets Manager or SSM ARN`,
    };
  }
  return {
    source: {
      store: 'ssm',
      resource: { parameterPath: value.replace(/^\//, '') },
    },
  };
}
