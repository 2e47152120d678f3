import { AwsApiError } from '../protocol/errors';
import type { QueryParams } from '../protocol/query';

/** For one resource type: filter name → the values a resource has for it. */
export type FilterFields<T> = Record<
  string,
  (resource: T) => Array<string | undefined>
>;

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function tagValues(resource: unknown, key: string): Array<string | undefined> {
  const tags = (resource as { tags?: Record<string, string> }).tags;
  return [tags?.[key]];
}

/**
 * Applies EC2 filters: values of one filter are ORed, filters are ANDed, `*` and `?` are
 * wildcards, `tag:<key>` works on tagged resources. An unknown filter name is an error, as
 * in EC2, so a collector that misspells one finds out.
 */
export function applyFilters<T>(
  resources: T[],
  filters: Array<{ name: string; values: string[] }>,
  fields: FilterFields<T>,
): T[] {
  let result = resources;
  for (const filter of filters) {
    const isTag = filter.name.startsWith('tag:');
    const field = isTag
      ? (r: T) => tagValues(r, filter.name.slice(4))
      : fields[filter.name];
    if (!field) {
      throw new AwsApiError(
        'InvalidParameterValue',
        `The filter '${filter.name}' is invalid`,
      );
    }
    const patterns = filter.values.map(globToRegExp);
    result = result.filter(resource =>
      field(resource).some(
        v => v !== undefined && patterns.some(p => p.test(v)),
      ),
    );
  }
  return result;
}

/**
 * Keeps the resources whose id is asked for; an id that does not exist is the action's
 * NotFound error (EC2 fails the whole call rather than returning a partial list).
 */
export function selectByIds<T>(
  resources: T[],
  ids: string[],
  idOf: (resource: T) => string,
  notFound: (id: string) => AwsApiError,
): T[] {
  if (ids.length === 0) return resources;
  for (const id of ids) {
    if (!resources.some(r => idOf(r) === id)) throw notFound(id);
  }
  return resources.filter(r => ids.includes(idOf(r)));
}

interface PageToken {
  action: string;
  offset: number;
}

function decodeToken(token: string, action: string): number {
  try {
    const parsed = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    ) as PageToken;
    if (
      parsed.action === action &&
      Number.isInteger(parsed.offset) &&
      parsed.offset >= 0
    ) {
      return parsed.offset;
    }
  } catch {
    // fall through to the error EC2 gives for a token it did not issue
  }
  throw new AwsApiError(
    'InvalidPaginationToken',
    `The pagination token '${token}' is invalid.`,
  );
}

/**
 * EC2 pagination: honours MaxResults (5 to 1000, as EC2 checks it) and NextToken; the sandbox's
 * page size, when set, caps every page so tests exercise multi-page reads.
 */
export function paginate<T>(
  items: T[],
  params: QueryParams,
  action: string,
  sandboxPageSize?: number,
): { page: T[]; nextToken?: string } {
  const maxResults = params.integer('MaxResults');
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000)) {
    throw new AwsApiError(
      'InvalidParameterValue',
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  const token = params.get('NextToken');
  const offset = token ? decodeToken(token, action) : 0;
  const size = Math.min(maxResults ?? Infinity, sandboxPageSize ?? Infinity);
  const end = Number.isFinite(size) ? offset + size : items.length;
  const page = items.slice(offset, end);
  const nextToken =
    end < items.length
      ? Buffer.from(
          JSON.stringify({ action, offset: end } satisfies PageToken),
        ).toString('base64url')
      : undefined;
  return { page, nextToken };
}
