/**
 * Test support: plan documents as `terraform show -json <planfile>` writes them, per
 * HashiCorp's "JSON Output Format" (https://developer.hashicorp.com/terraform/internals/json-format):
 * `format_version`, `resource_changes[]` (`address`, `mode`, `type`, `name`, `provider_name`,
 * `change` with `actions`, `before`, `after`, `after_unknown`, `before_sensitive`,
 * `after_sensitive`) and `configuration` (`provider_config`, `root_module.resources[]` with
 * their `expressions`, whose `references` name what an unknown value comes from).
 */

/** One entry of `resource_changes`. */
export interface ResourceChangeJson {
  address: string;
  mode: 'managed';
  type: string;
  name: string;
  index?: string | number;
  provider_name: string;
  change: {
    actions: string[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    after_unknown: Record<string, unknown>;
    before_sensitive: false | Record<string, unknown>;
    after_sensitive: false | Record<string, unknown>;
  };
}

const ACTIONS = {
  create: ['create'],
  update: ['update'],
  delete: ['delete'],
  replace: ['delete', 'create'],
  'no-op': ['no-op'],
} as const;

/** A change of one resource; `address` is `<type>.<name>`. */
export function resourceChange(
  address: string,
  action: keyof typeof ACTIONS,
  values: {
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
    afterUnknown?: Record<string, unknown>;
  },
): ResourceChangeJson {
  const [type, name] = address.split('.');
  const before = action === 'create' ? null : values.before ?? values.after!;
  const after = action === 'delete' ? null : values.after ?? values.before!;
  return {
    address,
    mode: 'managed',
    type,
    name: name.replace(/\[.*$/, ''),
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: [...ACTIONS[action]],
      before,
      after,
      after_unknown:
        action === 'delete'
          ? {}
          : values.afterUnknown ?? (action === 'create' ? { id: true } : {}),
      before_sensitive: before ? {} : false,
      after_sensitive: after ? {} : false,
    },
  };
}

/** What `configuration.root_module.resources[]` says of a resource: its expressions. */
export interface ConfiguredResource {
  address: string;
  expressions: Record<string, unknown>;
}

/** A reference-only expression, as Terraform writes `aws_x.y.id`. */
export function references(...refs: string[]): { references: string[] } {
  return {
    references: refs.flatMap(r => [r, r.replace(/\.[a-z_]+$/, '')]),
  };
}

/** A plan document for the example region. */
export function planDocument(
  changes: ResourceChangeJson[],
  configured: ConfiguredResource[] = [],
): Record<string, unknown> {
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: {} },
    resource_changes: changes,
    configuration: {
      provider_config: {
        aws: {
          name: 'aws',
          full_name: 'registry.terraform.io/hashicorp/aws',
          expressions: { region: { constant_value: 'eu-west-1' } },
        },
      },
      root_module: {
        resources: configured.map(r => {
          const [type, name] = r.address.split('.');
          return {
            address: r.address,
            mode: 'managed',
            type,
            name,
            provider_config_key: 'aws',
            expressions: r.expressions,
            schema_version: 0,
          };
        }),
      },
    },
    timestamp: '2026-12-08T00:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}
