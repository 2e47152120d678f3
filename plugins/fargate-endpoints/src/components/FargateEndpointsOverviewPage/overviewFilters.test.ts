import { overviewResponse } from '../../testing/reportFixtures';
import {
  countVerdicts,
  filterOptions,
  filterOverview,
  filtersFromSearch,
  NO_FILTERS,
  searchFromFilters,
} from './overviewFilters';

describe('overview filters', () => {
  const { groups } = overviewResponse();

  it('lets everything through with no filter', () => {
    expect(countVerdicts(filterOverview(groups, NO_FILTERS))).toEqual({
      total: 3,
      ready: 1,
      'not-ready': 1,
      unknown: 1,
      'not-deployed': 0,
      preflight: 0,
    });
  });

  it('combines account, region and verdict', () => {
    const filtered = filterOverview(groups, {
      accountId: '111122223333',
      region: 'eu-west-1',
      verdict: 'ready',
      sort: 'severity',
    });
    expect(filtered.map(g => g.services.map(s => s.entityRef))).toEqual([
      ['component:default/payments'],
    ]);
    expect(
      filterOverview(groups, { ...NO_FILTERS, region: 'ap-south-1' }),
    ).toEqual([]);
  });

  it('offers the distinct accounts and regions, sorted', () => {
    expect(filterOptions(overviewResponse())).toEqual({
      accountIds: ['111122223333', '444455556666'],
      regions: ['eu-west-1', 'us-east-1'],
    });
  });
});

describe('filters in the URL', () => {
  it('round-trips and leaves out what is not filtered', () => {
    const filters = {
      verdict: 'not-ready' as const,
      accountId: '111122223333',
      region: 'all',
      sort: 'recent' as const,
    };
    const search = searchFromFilters(filters);
    expect(search.toString()).toBe(
      'verdict=not-ready&account=111122223333&sort=recent',
    );
    expect(filtersFromSearch(search)).toEqual(filters);
    expect(searchFromFilters(NO_FILTERS).toString()).toBe('');
  });

  it('ignores a verdict it does not know', () => {
    expect(
      filtersFromSearch(new URLSearchParams('verdict=passed')).verdict,
    ).toBe('all');
  });
});
