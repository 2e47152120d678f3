/**
 * The whole input checked before anything is planned or written: every problem names its
 * field and the fix. The domain checks (regions, ids, CIDRs, needs, secrets, images, task
 * sizes) are the engine's and -common's; this file only says which field each applies to.
 */
import {
  isAwsId,
  validateAccountId,
  validateAwsId,
  validateNeed,
  validateRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  classifySecretSource,
  imagePullProblem,
  validateFargateTaskSize,
  validateNewVpcCidr,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { hclStringProblem } from './hclSafe';
import type { FieldProblem, ServiceInput } from './input';

/** Defaults applied where a field is not given. */
export const SERVICE_DEFAULTS = {
  vpcMode: 'newVpc',
  vpcCidr: '10.0.0.0/16',
  azCount: 2,
  containerPort: 8080,
  cpu: 256,
  memory: 512,
  desiredCount: 2,
} as const;

const SERVICE_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const ENDPOINT_SUFFIX = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const ENTITY_REF =
  /^([a-z][a-z0-9-]*:)?([a-z0-9][a-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/;
const GITHUB_SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Fields only the existing-VPC mode uses. */
const EXISTING_VPC_FIELDS = [
  'vpcId',
  'subnetIds',
  'routeTableIds',
  'existingEndpoints',
] as const;

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

function validateNewVpc(input: ServiceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const cidrProblem = validateNewVpcCidr(
    input.vpcCidr ?? SERVICE_DEFAULTS.vpcCidr,
  );
  if (cidrProblem) problems.push({ field: 'vpcCidr', message: cidrProblem });
  problems.push(
    ...integerIn('azCount', input.azCount ?? SERVICE_DEFAULTS.azCount, 2, 3),
  );
  for (const field of EXISTING_VPC_FIELDS) {
    if (input[field] !== undefined) {
      problems.push({
        field,
        message:
          'is only used with vpcMode existingVpc; remove it, or choose "An existing VPC"',
      });
    }
  }
  return problems;
}

function validateExistingVpc(input: ServiceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.vpcId)
    problems.push({
      field: 'vpcId',
      message: 'is required with vpcMode existingVpc',
    });
  else {
    const bad = validateAwsId('vpc', input.vpcId);
    if (bad) problems.push({ field: 'vpcId', message: bad });
  }
  const subnetIds = input.subnetIds ?? [];
  if (!subnetIds.length)
    problems.push({
      field: 'subnetIds',
      message: 'needs at least one task subnet with vpcMode existingVpc',
    });
  subnetIds.forEach((id, i) => {
    const bad = validateAwsId('subnet', id);
    if (bad) problems.push({ field: `subnetIds[${i}]`, message: bad });
  });
  if (new Set(subnetIds).size !== subnetIds.length) {
    problems.push({ field: 'subnetIds', message: 'lists a subnet twice' });
  }
  (input.routeTableIds ?? []).forEach((id, i) => {
    if (!isAwsId('routeTable', id))
      problems.push({
        field: `routeTableIds[${i}]`,
        message: validateAwsId('routeTable', id)!,
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
      message:
        'is only used with vpcMode newVpc; remove it, or choose "A new isolated VPC"',
    });
  return problems;
}

function validateSecrets(input: ServiceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  (input.secrets ?? []).forEach((secret, i) => {
    if (!ENV_NAME.test(secret.name)) {
      problems.push({
        field: `secrets[${i}].name`,
        message: `"${secret.name}" is not an environment variable name (letters, digits, underscores; not starting with a digit)`,
      });
    }
    const source = classifySecretSource(secret.valueFrom, input.region);
    if ('problem' in source)
      problems.push({
        field: `secrets[${i}].valueFrom`,
        message: source.problem,
      });
  });
  const names = (input.secrets ?? []).map(s => s.name);
  if (new Set(names).size !== names.length)
    problems.push({
      field: 'secrets',
      message: 'names an environment variable twice',
    });
  return problems;
}

function validateEntityRefs(input: ServiceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!ENTITY_REF.test(input.owner))
    problems.push({
      field: 'owner',
      message: `"${input.owner}" is not an entity ref such as group:default/platform`,
    });
  if (input.system && !ENTITY_REF.test(input.system)) {
    problems.push({
      field: 'system',
      message: `"${input.system}" is not an entity ref such as system:default/payments`,
    });
  }
  return problems;
}

function validateTask(input: ServiceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.containerImage) {
    const problem = imagePullProblem(input.containerImage, input.region);
    if (problem)
      problems.push({
        field: 'containerImage',
        message: `${problem}, or leave the field empty to create a repository`,
      });
  }
  problems.push(
    ...integerIn(
      'containerPort',
      input.containerPort ?? SERVICE_DEFAULTS.containerPort,
      1,
      65535,
    ),
    ...integerIn(
      'desiredCount',
      input.desiredCount ?? SERVICE_DEFAULTS.desiredCount,
      0,
      100,
    ),
    ...validateFargateTaskSize(
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

  problems.push(...validateName(input.name), ...validateEntityRefs(input));
  if (!input.description.trim())
    problems.push({ field: 'description', message: 'must not be empty' });
  const regionProblem = validateRegion(input.region);
  if (regionProblem) problems.push({ field: 'region', message: regionProblem });
  if (input.accountId) {
    const accountProblem = validateAccountId(input.accountId);
    if (accountProblem)
      problems.push({ field: 'accountId', message: accountProblem });
  }
  const mode = input.vpcMode ?? SERVICE_DEFAULTS.vpcMode;
  problems.push(
    ...(mode === 'newVpc' ? validateNewVpc(input) : validateExistingVpc(input)),
  );
  (input.needs ?? []).forEach((need, i) => {
    const bad = validateNeed(need);
    if (bad) problems.push({ field: `needs[${i}]`, message: bad });
  });
  if (!regionProblem) problems.push(...validateSecrets(input));
  if (!regionProblem) problems.push(...validateTask(input));
  if (input.githubProjectSlug && !GITHUB_SLUG.test(input.githubProjectSlug)) {
    problems.push({
      field: 'githubProjectSlug',
      message: `"${input.githubProjectSlug}" must look like owner/repo`,
    });
  }
  return problems;
}
