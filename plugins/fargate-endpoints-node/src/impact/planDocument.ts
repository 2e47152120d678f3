/**
 * Reads the JSON that `terraform show -json <planfile>` writes, as HashiCorp documents it
 * ("JSON Output Format", https://developer.hashicorp.com/terraform/internals/json-format):
 * `format_version` (reject another major version; ignore unknown properties),
 * `resource_changes[]` with `address`, `mode`, `type`, `change.actions`, `change.before`,
 * `change.after` and `change.after_unknown`, and `configuration` for the references of
 * values known only after apply. Every problem is an InputError naming the field.
 */
import { InputError } from '@backstage/errors';

/**
 * What a change does, as `change.actions` says it (replace is delete and create, in either
 * order; `no-op` is a resource the plan leaves alone, kept for the ids it tells).
 *
 * @public
 */
export type PlanAction = 'create' | 'update' | 'delete' | 'replace' | 'no-op';

/**
 * One managed resource the plan changes.
 *
 * @public
 */
export interface PlannedChange {
  /** `aws_vpc_endpoint.ecr_api`, `module.net.aws_route.this["a"]`. */
  address: string;
  /** The address without instance keys, as `configuration` names it. */
  configAddress: string;
  /** The module address (`module.net`), empty for the root module. */
  modulePath: string;
  type: string;
  action: PlanAction;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** `after_unknown`: `true` for a value known only after apply, objects and lists mirror `after`. */
  afterUnknown: Record<string, unknown>;
}

/**
 * The expressions of one configured resource, by attribute (blocks as lists of objects).
 *
 * @public
 */
export type ResourceExpressions = Record<string, unknown>;

/**
 * A plan document, reduced to what the impact needs.
 *
 * @public
 */
export interface TerraformPlan {
  formatVersion: string;
  /** Every managed resource in `resource_changes`, no-ops included: they carry known ids. */
  resources: PlannedChange[];
  /** The configured expressions by config address (`module.net.aws_route.this`). */
  expressions: Map<string, ResourceExpressions>;
  /** The AWS provider's `region` when the configuration sets it as a constant. */
  providerRegion?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(field: string, problem: string): never {
  throw new InputError(`${field}: ${problem}`);
}

/** `change.actions` in one word; undefined for no-op, read and forget (nothing changes in AWS). */
function actionOf(field: string, actions: unknown): PlanAction | 'none' {
  if (!Array.isArray(actions) || actions.some(a => typeof a !== 'string'))
    fail(
      field,
      'must be a list of actions such as ["create"] or ["delete", "create"]',
    );
  const key = (actions as string[]).join(',');
  switch (key) {
    case 'create':
    case 'update':
    case 'delete':
      return key;
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    case 'no-op':
    case 'read':
    case 'forget':
      return 'none';
    default:
      return fail(
        field,
        `${JSON.stringify(
          actions,
        )} is not an action list Terraform writes (no-op, create, read, update, delete, replace, forget)`,
      );
  }
}

/** The configuration address: instance keys dropped from every module and resource step. */
export function configAddressOf(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

function modulePathOf(address: string): string {
  const steps = address.match(
    /^((?:module\.[^.[]+(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\.)*)/,
  );
  return (steps?.[1] ?? '').replace(/\.$/, '');
}

function optionalObject(
  field: string,
  value: unknown,
): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isObject(value)) fail(field, 'must be an object or null');
  return value;
}

function readChange(
  entry: unknown,
  index: number,
): PlannedChange | 'none' | 'data' {
  const field = `resource_changes[${index}]`;
  if (!isObject(entry)) fail(field, 'must be an object');
  const { address, type, mode, change } = entry;
  if (typeof address !== 'string' || !address)
    fail(`${field}.address`, 'must be the resource address, a string');
  if (typeof type !== 'string' || !type)
    fail(`${field}.type`, 'must be the resource type, a string');
  if (mode === 'data') return 'data';
  if (mode !== undefined && mode !== 'managed')
    fail(`${field}.mode`, 'must be "managed" or "data"');
  if (!isObject(change)) fail(`${field}.change`, 'must be an object');
  const action = actionOf(`${field}.change.actions`, change.actions);
  const before = optionalObject(`${field}.change.before`, change.before);
  const after = optionalObject(`${field}.change.after`, change.after);
  const unknown = change.after_unknown;
  if (unknown !== undefined && unknown !== null && !isObject(unknown))
    fail(
      `${field}.change.after_unknown`,
      'must be an object mirroring change.after',
    );
  if ((action === 'update' || action === 'delete') && !before)
    fail(
      `${field}.change.before`,
      `a${action === 'update' ? 'n' : ''} ${action} needs the values before it`,
    );
  if ((action === 'create' || action === 'update') && !after)
    fail(`${field}.change.after`, `a ${action} needs the planned values`);
  if (action === 'none') {
    // A resource left alone still tells later steps its id.
    return after || before
      ? {
          address,
          configAddress: configAddressOf(address),
          modulePath: modulePathOf(address),
          type,
          action: 'no-op',
          before: before ?? after,
          after: after ?? before,
          afterUnknown: {},
        }
      : 'none';
  }
  return {
    address,
    configAddress: configAddressOf(address),
    modulePath: modulePathOf(address),
    type,
    action,
    before,
    after,
    afterUnknown: (unknown as Record<string, unknown> | undefined) ?? {},
  };
}

function collectExpressions(
  module: unknown,
  prefix: string,
  into: Map<string, ResourceExpressions>,
): void {
  if (!isObject(module)) return;
  const resources = Array.isArray(module.resources) ? module.resources : [];
  for (const resource of resources) {
    if (!isObject(resource) || typeof resource.address !== 'string') continue;
    if (resource.mode === 'data') continue;
    if (isObject(resource.expressions))
      into.set(`${prefix}${resource.address}`, resource.expressions);
  }
  const calls = isObject(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) {
    if (isObject(call))
      collectExpressions(call.module, `${prefix}module.${name}.`, into);
  }
}

function providerRegionOf(configuration: unknown): string | undefined {
  if (!isObject(configuration) || !isObject(configuration.provider_config))
    return undefined;
  const aws = configuration.provider_config.aws;
  if (!isObject(aws) || !isObject(aws.expressions)) return undefined;
  const region = aws.expressions.region;
  return isObject(region) && typeof region.constant_value === 'string'
    ? region.constant_value
    : undefined;
}

/**
 * Validates and reads a plan document (the parsed JSON). Throws InputError naming the field
 * for anything that is not what `terraform show -json` writes for a plan.
 *
 * @public
 */
export function parseTerraformPlan(document: unknown): TerraformPlan {
  if (!isObject(document))
    fail(
      'plan',
      'must be the JSON object `terraform show -json <planfile>` writes',
    );
  const version = document.format_version;
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version))
    fail(
      'format_version',
      'must be a version string such as "1.2"; is this `terraform show -json` output?',
    );
  if (version.split('.')[0] !== '1')
    fail(
      'format_version',
      `${version} is a major version this reader does not know (it reads 1.x); HashiCorp asks readers to reject it`,
    );
  const changes = document.resource_changes;
  if (changes === undefined) {
    // A plan with no changes omits the list; a state file has no planned_values either.
    if (!('planned_values' in document) && 'values' in document)
      fail(
        'resource_changes',
        'this is a state, not a plan: run `terraform show -json <planfile>` on the file `terraform plan -out` wrote',
      );
  } else if (!Array.isArray(changes)) {
    fail('resource_changes', 'must be a list');
  }
  const resources: PlannedChange[] = [];
  (changes ?? []).forEach((entry: unknown, index: number) => {
    const change = readChange(entry, index);
    if (change !== 'none' && change !== 'data') resources.push(change);
  });
  const expressions = new Map<string, ResourceExpressions>();
  if (isObject(document.configuration))
    collectExpressions(document.configuration.root_module, '', expressions);
  return {
    formatVersion: version,
    resources,
    expressions,
    providerRegion: providerRegionOf(document.configuration),
  };
}
