import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';

const useStyles = makeStyles(theme => ({
  statement: {
    margin: 0,
    padding: theme.spacing(1),
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontSize: theme.typography.caption.fontSize,
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** The IAM actions AWS refused the checker, and the statement that grants them: the fix of an incomplete report. */
export function MissingPermissionsNotice(props: {
  missing: CheckReport['missingPermissions'];
}) {
  const classes = useStyles();
  const { missing } = props;
  if (!missing) return null;
  return (
    <Box
      component="section"
      aria-labelledby="fargate-endpoints-missing-permissions"
      mb={2}
    >
      <Typography
        variant="subtitle2"
        component="h3"
        id="fargate-endpoints-missing-permissions"
        gutterBottom
      >
        Permissions the checker lacks
      </Typography>
      <Typography variant="body2" component="p" gutterBottom>
        AWS refused {missing.actions.join(', ')}. Add this statement to the
        checker's IAM policy:
      </Typography>
      <pre className={classes.statement}>
        {JSON.stringify(missing.statement, null, 2)}
      </pre>
    </Box>
  );
}
