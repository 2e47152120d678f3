import Typography from '@material-ui/core/Typography';
import type { DependencyStatus } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { AwsText } from '../shared/AwsText';
import { EndpointStatusLabel } from '../shared/StatusLabels';
import { useStatusListStyles } from '../shared/statusListStyles';

/** The kind of a dependency in words. */
export const DEPENDENCY_KIND_WORDS: Record<DependencyStatus['kind'], string> = {
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
        <Typography variant="body2" component="div">
          <strong>
            <AwsText text={dependency.label} />
          </strong>{' '}
          <Typography variant="caption" component="span" color="textSecondary">
            {DEPENDENCY_KIND_WORDS[dependency.kind] ?? dependency.kind}
          </Typography>
        </Typography>
        <Typography variant="caption" component="div" color="textSecondary">
          <AwsText text={dependency.detail} />
        </Typography>
      </div>
    </li>
  );
}

/**
 * What the task definition needs besides the endpoints (EFS volumes, pull-through cache and
 * cross-account images), in the endpoint list's vocabulary.
 */
export function DependencyList(props: { dependencies: DependencyStatus[] }) {
  const classes = useStatusListStyles();
  if (props.dependencies.length === 0) return null;
  return (
    <ul className={classes.list}>
      {props.dependencies.map(dependency => (
        <DependencyItem
          key={`${dependency.kind}-${dependency.id}`}
          dependency={dependency}
        />
      ))}
    </ul>
  );
}
