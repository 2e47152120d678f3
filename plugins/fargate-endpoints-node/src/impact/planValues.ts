/**
 * The values of a planned change: known ones from `change.after` (or `before`), unknown ones
 * (`after_unknown`) resolved where the configuration says they are another planned
 * resource's id, and otherwise marked {@link UNKNOWN}: a rule that needs one is `unknown`.
 */
import type { PlannedChange, TerraformPlan } from './planDocument';

/** A value Terraform knows only after apply, and the plan does not let us work out. */
export const UNKNOWN = Symbol('known only after apply');

/** A value or {@link UNKNOWN}. */
export type Planned<T> = T | typeof UNKNOWN;

/** The placeholder id of a resource the plan creates (or replaces), until AWS names it. */
export function plannedId(address: string): string {
  return `planned:${address}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when `after_unknown` marks the value, or anything inside it, unknown. */
export function containsUnknown(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(containsUnknown);
  if (isObject(marker)) return Object.values(marker).some(containsUnknown);
  return false;
}

/** Reads planned values; knows every change of the plan to resolve references between them. */
export class PlanValues {
  readonly #byAddress = new Map<string, PlannedChange>();

  constructor(
    private readonly plan: TerraformPlan,
    /** The S3 prefix list id per VPC's region, for `aws_vpc_endpoint.<s3>.prefix_list_id`. */
    private readonly s3PrefixListId?: string,
  ) {
    for (const change of plan.resources)
      this.#byAddress.set(change.address, change);
  }

  /** The change at an address. */
  change(address: string): PlannedChange | undefined {
    return this.#byAddress.get(address);
  }

  /** The changes of one resource type. */
  changesOfType(type: string): PlannedChange[] {
    return this.plan.resources.filter(c => c.type === type);
  }

  /** The change of a type whose resource has (or, created, will have) the id. */
  changeWithId(type: string, id: string): PlannedChange | undefined {
    return this.changesOfType(type).find(
      c => c.action !== 'delete' && this.idOf(c) === id,
    );
  }

  /** The id the resource has after apply: its own, or a placeholder for one created. */
  idOf(change: PlannedChange): string | undefined {
    if (change.action === 'create' || change.action === 'replace')
      return plannedId(change.address);
    const id = (change.after ?? change.before)?.id;
    return typeof id === 'string' ? id : undefined;
  }

  /** The value before the change (what AWS has now, as Terraform's state knows it). */
  before(change: PlannedChange, name: string): unknown {
    return change.before?.[name];
  }

  /** The value after the change; {@link UNKNOWN} when neither the plan nor its references tell. */
  after(change: PlannedChange, name: string): Planned<unknown> {
    if (!containsUnknown(change.afterUnknown[name]))
      return change.after?.[name];
    const resolved = this.#resolve(change, name);
    if (resolved === UNKNOWN) return UNKNOWN;
    const known = change.after?.[name];
    if (Array.isArray(known))
      return [...known.filter(v => v !== null && v !== undefined), ...resolved];
    return resolved.length === 1 ? resolved[0] : resolved;
  }

  /**
   * The value after the change, or `fallback` when it is unknown only because the
   * configuration leaves it out (a computed attribute AWS gives its default: an endpoint's
   * policy, a new security group's rules managed elsewhere).
   */
  afterOr<T>(
    change: PlannedChange,
    name: string,
    fallback: T,
  ): Planned<unknown> {
    const value = this.after(change, name);
    if (value !== UNKNOWN) return value;
    const expressions = this.plan.expressions.get(change.configAddress);
    return expressions && !(name in expressions) ? fallback : UNKNOWN;
  }

  #read(change: PlannedChange, name: string, fallback: unknown[]) {
    return fallback.length > 0
      ? this.afterOr(change, name, fallback[0])
      : this.after(change, name);
  }

  /**
   * A string attribute after the change; undefined when unset. With `whenUnconfigured`, the
   * value AWS gives when the configuration leaves it out.
   */
  afterString(
    change: PlannedChange,
    name: string,
    ...whenUnconfigured: [string | undefined] | []
  ): Planned<string | undefined> {
    const value = this.#read(change, name, whenUnconfigured);
    if (value === UNKNOWN) return UNKNOWN;
    if (Array.isArray(value))
      return value.length === 1 ? String(value[0]) : UNKNOWN;
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** A list (or set) of strings after the change; empty when unset. */
  afterStrings(
    change: PlannedChange,
    name: string,
    ...whenUnconfigured: [string[]] | []
  ): Planned<string[]> {
    const value = this.#read(change, name, whenUnconfigured);
    if (value === UNKNOWN) return UNKNOWN;
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) return [String(value)];
    return value.filter((v): v is string => typeof v === 'string');
  }

  /** A boolean attribute after the change. */
  afterBoolean(
    change: PlannedChange,
    name: string,
    ...whenUnconfigured: [boolean] | []
  ): Planned<boolean | undefined> {
    const value = this.#read(change, name, whenUnconfigured);
    if (value === UNKNOWN) return UNKNOWN;
    return typeof value === 'boolean' ? value : undefined;
  }

  /** A number attribute after the change. */
  afterNumber(
    change: PlannedChange,
    name: string,
  ): Planned<number | undefined> {
    const value = this.after(change, name);
    if (value === UNKNOWN) return UNKNOWN;
    return typeof value === 'number' ? value : undefined;
  }

  /**
   * The values a reference-only expression gives: each reference must be `<resource>.id` of a
   * resource in the plan (or `<endpoint>.prefix_list_id` of an S3 gateway), else UNKNOWN.
   */
  #resolve(change: PlannedChange, name: string): Planned<string[]> {
    const expression = this.plan.expressions.get(change.configAddress)?.[name];
    if (!isObject(expression) || !Array.isArray(expression.references))
      return UNKNOWN;
    const references = expression.references.filter(
      (r): r is string => typeof r === 'string',
    );
    // Terraform lists `aws_x.y.id` and also `aws_x.y`: keep the most precise of each.
    const leaves = references.filter(
      r => !references.some(o => o !== r && o.startsWith(`${r}.`)),
    );
    if (leaves.length === 0) return UNKNOWN;
    const values: string[] = [];
    for (const reference of leaves) {
      const value = this.#resolveReference(change.modulePath, reference);
      if (value === undefined) return UNKNOWN;
      values.push(value);
    }
    return values;
  }

  #resolveReference(modulePath: string, reference: string): string | undefined {
    const match =
      /^(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?)\.([a-z_]+)$/.exec(
        reference,
      );
    if (!match) return undefined;
    const address = modulePath ? `${modulePath}.${match[1]}` : match[1];
    const target = this.#byAddress.get(address);
    if (!target || target.action === 'delete') return undefined;
    if (
      match[2] === 'id' ||
      (match[2] === 'zone_id' && target.type === 'aws_route53_zone')
    )
      return this.idOf(target);
    if (match[2] === 'prefix_list_id' && target.type === 'aws_vpc_endpoint') {
      const known = target.after?.prefix_list_id;
      if (typeof known === 'string' && known) return known;
      const service = target.after?.service_name;
      return typeof service === 'string' && /\.s3$/.test(service)
        ? this.s3PrefixListId
        : undefined;
    }
    return undefined;
  }
}
