import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import FilterListIcon from '@material-ui/icons/FilterList';
import useAsync from 'react-use/esm/useAsync';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { OverviewResponse } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { fargateEndpointsApiRef } from '../../api';
import {
  countVerdicts,
  filterOptions,
  filterOverview,
  filtersFromSearch,
  NO_FILTERS,
  OverviewFilters,
  searchFromFilters,
} from './overviewFilters';
import { OverviewGroup } from './OverviewGroup';
import { sortByRecentBreak, sortBySeverity } from './overviewSort';

const useStyles = makeStyles(theme => ({
  filterToggle: { textTransform: 'none' },
  // The outlined field's label is secondary grey by default: 4.47:1 on the page background.
  label: {
    '&&, &&.Mui-focused': { color: theme.palette.text.primary },
  },
}));

const SORT_OPTIONS: Array<{ value: OverviewFilters['sort']; label: string }> = [
  { value: 'severity', label: 'Worst first' },
  { value: 'recent', label: 'Broke most recently' },
];

const VERDICT_OPTIONS: Array<{
  value: OverviewFilters['verdict'];
  label: string;
}> = [
  { value: 'all', label: 'All verdicts' },
  { value: 'not-ready', label: 'Not ready' },
  { value: 'unknown', label: 'Unknown' },
  { value: 'ready', label: 'Ready' },
  { value: 'preflight', label: 'Pre-flight (not running yet)' },
  { value: 'not-deployed', label: 'Not deployed yet' },
];

function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  const classes = useStyles();
  // A value the URL holds but the data does not offer still shows, so the filter stays visible.
  const options = props.options.some(o => o.value === props.value)
    ? props.options
    : [...props.options, { value: props.value, label: props.value }];
  return (
    <TextField
      select
      InputLabelProps={{ classes: { root: classes.label } }}
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      variant="outlined"
      size="small"
      fullWidth
    >
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

function Overview(props: { overview: OverviewResponse }) {
  const { overview } = props;
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(
    () => filtersFromSearch(searchParams),
    [searchParams],
  );
  const setFilters = (next: OverviewFilters) =>
    setSearchParams(searchFromFilters(next), { replace: true });
  const { accountIds, regions } = useMemo(
    () => filterOptions(overview),
    [overview],
  );
  const groups = useMemo(
    () =>
      (filters.sort === 'recent' ? sortByRecentBreak : sortBySeverity)(
        filterOverview(overview.groups, filters),
      ),
    [overview, filters],
  );
  const counts = countVerdicts(groups);
  const classes = useStyles();
  const theme = useTheme();
  // On a phone the four filters would fill the first screen: one button opens them.
  const narrow = useMediaQuery(theme.breakpoints.down('xs'), { noSsr: true });
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = [
    filters.verdict !== 'all',
    filters.accountId !== 'all',
    filters.region !== 'all',
    filters.sort !== 'severity',
  ].filter(Boolean).length;

  if (overview.groups.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No linked services yet"
        description="Annotate a component with aws.amazon.com/amazon-ecs-service-arn (or the fargate-endpoints.io/* network annotations) and it appears here."
      />
    );
  }
  return (
    <>
      {narrow && (
        <Button
          variant="outlined"
          color="primary"
          size="small"
          startIcon={<FilterListIcon />}
          className={classes.filterToggle}
          aria-expanded={filtersOpen}
          aria-controls="fargate-endpoints-filters"
          onClick={() => setFiltersOpen(!filtersOpen)}
        >
          Filter and sort{activeFilters > 0 ? ` (${activeFilters} set)` : ''}
        </Button>
      )}
      {(!narrow || filtersOpen) && (
        <Grid
          container
          spacing={2}
          role="group"
          aria-label="Filter and sort services"
          id="fargate-endpoints-filters"
        >
          <Grid item xs={12} sm={6} md={3}>
            <FilterSelect
              id="fargate-endpoints-filter-verdict"
              label="Verdict"
              value={filters.verdict}
              options={VERDICT_OPTIONS}
              onChange={value =>
                setFilters({
                  ...filters,
                  verdict: value as OverviewFilters['verdict'],
                })
              }
            />
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            <FilterSelect
              id="fargate-endpoints-filter-account"
              label="Account"
              value={filters.accountId}
              options={[
                { value: 'all', label: 'All accounts' },
                ...accountIds.map(id => ({ value: id, label: id })),
              ]}
              onChange={value => setFilters({ ...filters, accountId: value })}
            />
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            <FilterSelect
              id="fargate-endpoints-filter-region"
              label="Region"
              value={filters.region}
              options={[
                { value: 'all', label: 'All regions' },
                ...regions.map(region => ({ value: region, label: region })),
              ]}
              onChange={value => setFilters({ ...filters, region: value })}
            />
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            <FilterSelect
              id="fargate-endpoints-sort"
              label="Sort"
              value={filters.sort}
              options={SORT_OPTIONS}
              onChange={value =>
                setFilters({
                  ...filters,
                  sort: value === 'recent' ? 'recent' : 'severity',
                })
              }
            />
          </Grid>
        </Grid>
      )}
      <Box my={2}>
        <Typography variant="body1" role="status">
          {counts.total} {counts.total === 1 ? 'service' : 'services'}:{' '}
          {counts['not-ready']} not ready, {counts.unknown} unknown,{' '}
          {counts.ready} ready
          {counts.preflight > 0 &&
            `, ${counts.preflight} pre-flight (not running yet)`}
          {counts['not-deployed'] > 0 &&
            `, ${counts['not-deployed']} not deployed yet`}
        </Typography>
      </Box>
      {groups.length === 0 ? (
        <EmptyState
          missing="data"
          title="No service matches these filters"
          description="Every linked service is outside the verdict, account or region chosen above."
          action={
            <Button
              variant="outlined"
              color="primary"
              onClick={() => setFilters(NO_FILTERS)}
            >
              Show all services
            </Button>
          }
        />
      ) : (
        groups.map(group => (
          <Box mb={3} key={`${group.accountId}/${group.region}/${group.vpcId}`}>
            <OverviewGroup group={group} />
          </Box>
        ))
      )}
    </>
  );
}

/** Every linked service grouped by account, region and VPC, worst first, with filters kept in the URL; no page chrome. */
export function FargateEndpointsOverviewContent() {
  const api = useApi(fargateEndpointsApiRef);
  const { value, loading, error } = useAsync(() => api.getOverview(), [api]);
  if (loading) return <Progress />;
  if (error || !value) {
    return <ResponseErrorPanel error={error ?? new Error('No overview')} />;
  }
  return <Overview overview={value} />;
}
