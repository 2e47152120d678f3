import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { UnknownCheck } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { VerdictLabel } from '../shared/StatusLabels';
import { AwsText } from '../shared/AwsText';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  item: { overflowWrap: 'anywhere', marginBottom: theme.spacing(0.5) },
}));

/** The checks that could not run and why: an open question, never a pass. */
export function UnknownChecksList(props: { unknown: UnknownCheck[] }) {
  const classes = useStyles();
  if (props.unknown.length === 0) return null;
  return (
    <Box component="section" aria-labelledby="fargate-endpoints-unknown" mb={2}>
      <Typography
        variant="subtitle2"
        component="h3"
        id="fargate-endpoints-unknown"
        gutterBottom
      >
        Not checked ({props.unknown.length})
      </Typography>
      <Typography variant="body2" color="textSecondary" component="p">
        These checks could not run, so the verdict is{' '}
        <VerdictLabel verdict="unknown" />, not a pass.
      </Typography>
      <ul className={classes.list}>
        {props.unknown.map(item => (
          <li key={`${item.check}-${item.call ?? ''}`} className={classes.item}>
            <Typography variant="body2" component="span">
              <strong>{item.check}</strong>
              {item.call && <> ({item.call})</>}: <AwsText text={item.reason} />
            </Typography>
            {item.rules.length > 0 && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                Leaves open: {item.rules.join(', ')}
              </Typography>
            )}
          </li>
        ))}
      </ul>
    </Box>
  );
}
