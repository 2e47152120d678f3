import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  DependencyStatus,
  EntityReport,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { EndpointStatusLabel } from '../shared/StatusLabels';
import { useStatusListStyles } from '../shared/statusListStyles';

const KIND_WORDS: Record<DependencyStatus['kind'], string> = {
  'efs-volume': 'EFS volume',
  'start-fetch': 'fetched at start',
  'pull-through-cache-image': 'pull-through cache',
  'cross-account-image': 'image in another account',
};

function DependencyItem(props: { dependency: DependencyStatus }) {
  const classes = useStatusListStyles();
  const { dependency } = props;
  return (
    <li className={classes.item} aria-label={dependency.label}>
      <EndpointStatusLabel checks={{ status: dependency.status }} />
      <div>
        <Typography variant="body2" component="div" className={classes.wrap}>
          <strong>{dependency.label}</strong>{' '}
          <Typography variant="caption" component="span" color="textSecondary">
            {KIND_WORDS[dependency.kind] ?? dependency.kind}
          </Typography>
        </Typography>
        <Typography
          variant="caption"
          component="div"
          color="textSecondary"
          className={classes.wrap}
        >
          {dependency.detail}
        </Typography>
      </div>
    </li>
  );
}

/**
 * What the task definition needs besides the endpoints (EFS volumes, pull-through cache and
 * cross-account images), in the endpoint list's vocabulary; nothing when it needs none.
 */
export function DependencyList(props: { report: EntityReport }) {
  const classes = useStatusListStyles();
  const dependencies = props.report.dependencies ?? [];
  if (dependencies.length === 0) return null;
  return (
    <Box
      component="section"
      aria-labelledby="fargate-endpoints-dependencies"
      mb={2}
    >
      <Typography
        variant="subtitle2"
        component="h3"
        id="fargate-endpoints-dependencies"
        gutterBottom
      >
        Also needed ({dependencies.length})
      </Typography>
      <ul className={classes.list}>
        {dependencies.map(dependency => (
          <DependencyItem
            key={`${dependency.kind}-${dependency.id}`}
            dependency={dependency}
          />
        ))}
      </ul>
    </Box>
  );
}
