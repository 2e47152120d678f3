import type {
  OverviewResponse,
  OverviewVpcGroup,
  Verdict,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** The overview's filters; `all` lets everything through. */
export interface OverviewFilters {
  verdict: Verdict | 'all';
  accountId: string | 'all';
  region: string | 'all';
}

/** No filter set. */
export const NO_FILTERS: OverviewFilters = {
  verdict: 'all',
  accountId: 'all',
  region: 'all',
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
          filters.verdict === 'all' || service.verdict === filters.verdict,
      ),
    }))
    .filter(group => group.services.length > 0);
}

/** Services per verdict, over the given groups. */
export function countVerdicts(
  groups: OverviewVpcGroup[],
): Record<Verdict | 'total', number> {
  const counts = { total: 0, ready: 0, 'not-ready': 0, unknown: 0 };
  for (const group of groups) {
    for (const service of group.services) {
      counts.total += 1;
      counts[service.verdict] += 1;
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
