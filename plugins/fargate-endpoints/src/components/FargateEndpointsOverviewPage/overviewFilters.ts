import type {
  OverviewResponse,
  OverviewVpcGroup,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { ServiceBucket, serviceBucket } from '../shared/preflight';

/** The overview's filters; `all` lets everything through. */
export interface OverviewFilters {
  verdict: ServiceBucket | 'all';
  accountId: string | 'all';
  region: string | 'all';
  /** `severity`: worst first; `recent`: the services that broke most recently first. */
  sort: 'severity' | 'recent';
}

/** No filter set. */
export const NO_FILTERS: OverviewFilters = {
  verdict: 'all',
  accountId: 'all',
  region: 'all',
  sort: 'severity',
};

/** The groups and services the filters let through; a group with no service left is dropped. */
export function filterOverview(
  groups: OverviewVpcGroup[],
  filters: OverviewFilters,
): OverviewVpcGroup[] {
  return groups
    .filter(
      group =>
        (filters.accountId === 'all' ||
          group.accountId === filters.accountId) &&
        (filters.region === 'all' || group.region === filters.region),
    )
    .map(group => ({
      ...group,
      services: group.services.filter(
        service =>
          filters.verdict === 'all' ||
          serviceBucket(service) === filters.verdict,
      ),
    }))
    .filter(group => group.services.length > 0);
}

/**
 * Services per verdict, over the given groups. A service that does not run yet (not deployed,
 * or a pre-flight of a network) is counted apart: it is not an outage.
 */
export function countVerdicts(
  groups: OverviewVpcGroup[],
): Record<ServiceBucket | 'total', number> {
  const counts: Record<ServiceBucket | 'total', number> = {
    total: 0,
    ready: 0,
    'not-ready': 0,
    unknown: 0,
    'not-deployed': 0,
    preflight: 0,
  };
  for (const group of groups) {
    for (const service of group.services) {
      counts.total += 1;
      counts[serviceBucket(service)] += 1;
    }
  }
  return counts;
}

/** The distinct accounts and regions of the overview, sorted, for the filter menus. */
export function filterOptions(overview: OverviewResponse): {
  accountIds: string[];
  regions: string[];
} {
  const accountIds = new Set(overview.groups.map(group => group.accountId));
  const regions = new Set(overview.groups.map(group => group.region));
  return { accountIds: [...accountIds].sort(), regions: [...regions].sort() };
}

const VERDICTS: ReadonlyArray<OverviewFilters['verdict']> = [
  'all',
  'ready',
  'not-ready',
  'unknown',
  'preflight',
  'not-deployed',
];

/** The filters a URL's query holds (`?verdict=not-ready&account=...&region=...&sort=recent`); unknown values are ignored. */
export function filtersFromSearch(params: URLSearchParams): OverviewFilters {
  const verdict = params.get('verdict') ?? 'all';
  return {
    verdict: VERDICTS.includes(verdict as OverviewFilters['verdict'])
      ? (verdict as OverviewFilters['verdict'])
      : 'all',
    accountId: params.get('account') || 'all',
    region: params.get('region') || 'all',
    sort: params.get('sort') === 'recent' ? 'recent' : 'severity',
  };
}

/** The query that holds the filters; `all` is left out, so no filter is a clean URL. */
export function searchFromFilters(filters: OverviewFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.verdict !== 'all') params.set('verdict', filters.verdict);
  if (filters.accountId !== 'all') params.set('account', filters.accountId);
  if (filters.region !== 'all') params.set('region', filters.region);
  if (filters.sort !== 'severity') params.set('sort', filters.sort);
  return params;
}
