import { AwsApiError } from './errors';

/** The parameters of a Query protocol request (`Action=...&Filter.1.Name=...`). */
export class QueryParams {
  readonly params: URLSearchParams;

  constructor(body: string) {
    this.params = new URLSearchParams(body);
  }

  /** One parameter. */
  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  /** A flattened list: `SubnetId.1`, `SubnetId.2`, ... in index order. */
  list(prefix: string): string[] {
    const found: Array<[number, string]> = [];
    for (const [key, value] of this.params) {
      const m = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`).exec(
        key,
      );
      if (m) found.push([Number(m[1]), value]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** Filters: `Filter.N.Name` with `Filter.N.Value.M`. */
  filters(prefix = 'Filter'): Array<{ name: string; values: string[] }> {
    const indexes = new Set<number>();
    for (const key of this.params.keys()) {
      const m = new RegExp(`^${prefix}\\.(\\d+)\\.Name$`).exec(key);
      if (m) indexes.add(Number(m[1]));
    }
    return [...indexes]
      .sort((a, b) => a - b)
      .map(i => ({
        name: this.get(`${prefix}.${i}.Name`)!,
        values: this.list(`${prefix}.${i}.Value`),
      }));
  }

  /** An integer parameter, or undefined. */
  integer(name: string): number | undefined {
    const raw = this.get(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n)) {
      throw new AwsApiError(
        'InvalidParameterValue',
        `Value (${raw}) for parameter ${name} is invalid.`,
      );
    }
    return n;
  }
}
