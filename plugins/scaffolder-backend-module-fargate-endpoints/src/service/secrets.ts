/**
 * Container secrets: where each `valueFrom` lives decides the endpoint the task needs at
 * start (secretsmanager or ssm) and what the execution role must be allowed to read.
 */

/** A secret the container receives, classified by its store. */
export interface ContainerSecret {
  /** Environment variable name. */
  name: string;
  /** As ECS takes it: a Secrets Manager ARN, an SSM parameter ARN or an SSM parameter name. */
  valueFrom: string;
  store: 'secretsmanager' | 'ssm';
  /**
   * The resource for the execution role policy: the secret ARN without a JSON key suffix, the
   * parameter ARN, or (for a bare parameter name) the parameter path to combine with the
   * account and region in Terraform.
   */
  resource: { arn: string } | { parameterPath: string };
}

const SECRETS_MANAGER_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):secretsmanager:([a-z0-9-]+):(\d{12}):secret:([A-Za-z0-9/_+=.@-]+)((:[^:]*){0,3})$/;
const SSM_PARAMETER_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):ssm:([a-z0-9-]+):(\d{12}):parameter(\/[A-Za-z0-9/_.-]+)$/;
const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Classifies one secret, or explains (without naming the field) why it cannot be used. */
export function classifySecret(
  secret: { name: string; valueFrom: string },
  region: string,
):
  | { secret: ContainerSecret }
  | { problem: { part: 'name' | 'valueFrom'; message: string } } {
  if (!ENV_NAME.test(secret.name)) {
    return {
      problem: {
        part: 'name',
        message: `"${secret.name}" is not an environment variable name (letters, digits, underscores; not starting with a digit)`,
      },
    };
  }
  const sm = SECRETS_MANAGER_ARN.exec(secret.valueFrom);
  if (sm) {
    if (sm[2] !== region)
      return {
        problem: { part: 'valueFrom', message: otherRegion(sm[2], region) },
      };
    // A JSON key / version suffix selects inside the secret; IAM wants the secret itself.
    const secretArn = `arn:${sm[1]}:secretsmanager:${sm[2]}:${sm[3]}:secret:${sm[4]}`;
    return {
      secret: {
        ...secret,
        store: 'secretsmanager',
        resource: { arn: secretArn },
      },
    };
  }
  if (secret.valueFrom.startsWith('arn:')) {
    const ssm = SSM_PARAMETER_ARN.exec(secret.valueFrom);
    if (!ssm) {
      return {
        problem: {
          part: 'valueFrom',
          message: `"${secret.valueFrom}" is neither a Secrets Manager secret ARN (arn:aws:secretsmanager:${region}:<account>:secret:<name>) nor an SSM parameter ARN (arn:aws:ssm:${region}:<account>:parameter/<path>)`,
        },
      };
    }
    if (ssm[2] !== region)
      return {
        problem: { part: 'valueFrom', message: otherRegion(ssm[2], region) },
      };
    return {
      secret: { ...secret, store: 'ssm', resource: { arn: secret.valueFrom } },
    };
  }
  if (!SSM_PARAMETER_NAME.test(secret.valueFrom)) {
    return {
      problem: {
        part: 'valueFrom',
        message: `"${secret.valueFrom}" is not an SSM parameter name such as /app/db/password`,
      },
    };
  }
  return {
    secret: {
      ...secret,
      store: 'ssm',
      resource: { parameterPath: secret.valueFrom.replace(/^\//, '') },
    },
  };
}

function otherRegion(found: string, region: string): string {
  return `is in ${found} but the service runs in ${region}: the task reaches secrets through this region's VPC endpoints only; copy the secret to ${region}`;
}
