/**
 * Test support: what `terraform show -json` would write for a plan that creates every
 * resource of a generated configuration, in HashiCorp's JSON output format
 * (https://developer.hashicorp.com/terraform/internals/json-format). Values come from the
 * evaluator; the id of each created resource is known only after apply, so every value that
 * names one is `after_unknown`, with the `configuration` expression's `references` saying
 * which resource it comes from, as Terraform writes them.
 */
import type { TerraformConfig, TerraformEvaluator } from './terraform';

/** The plan document of creating every resource the configuration declares. */
export async function planOfCreate(
  config: TerraformConfig,
  ev: TerraformEvaluator,
): Promise<Record<string, unknown>> {
  const instances = (
    await Promise.all(
      Object.keys(config.resource ?? {}).map(type =>
        ev.instancesOf(type).then(list => list.map(i => ({ ...i, type }))),
      ),
    )
  ).flat();
  const createdBy = new Map<string, string>(
    instances.map(i => [String(i.attrs.id), i.address.replace(/\[.*\]$/, '')]),
  );
  const configured = new Map<string, Record<string, unknown>>();
  const changes = instances.map(({ address, type, attrs }) => {
    const after: Record<string, unknown> = {};
    const afterUnknown: Record<string, unknown> = { id: true };
    const expressions = (configured.get(address.replace(/\[.*\]$/, '')) ??
      {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'id' || name === 'arn') continue;
      const values = Array.isArray(value) ? value : [value];
      const created = values.filter(
        v => typeof v === 'string' && createdBy.has(v),
      );
      if (created.length === 0) {
        after[name] = value;
        continue;
      }
      // Known only after apply: the configuration says which resource's id it is.
      afterUnknown[name] = true;
      if (Array.isArray(value))
        after[name] = value.filter(v => !created.includes(v));
      expressions[name] = {
        references: created.flatMap(v => [
          `${createdBy.get(v)}.id`,
          createdBy.get(v)!,
        ]),
      };
    }
    configured.set(address.replace(/\[.*\]$/, ''), expressions);
    return {
      address,
      mode: 'managed',
      type,
      name: address.split('.')[1].replace(/\[.*\]$/, ''),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after,
        after_unknown: afterUnknown,
        before_sensitive: false,
        after_sensitive: {},
      },
    };
  });
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: {} },
    resource_changes: changes,
    configuration: {
      root_module: {
        resources: [...configured].map(([address, expressions]) => ({
          address,
          mode: 'managed',
          type: address.split('.')[0],
          name: address.split('.')[1],
          expressions,
        })),
      },
    },
  };
}
