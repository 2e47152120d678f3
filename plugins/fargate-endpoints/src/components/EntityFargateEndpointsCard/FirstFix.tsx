import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  type EntityReport,
  findingTitle,
  splitFix,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { AwsText } from '../shared/AwsText';
import { FixVpcAction } from './FixVpcAction';
import { sortFindings } from './FindingsList';

const useStyles = makeStyles(theme => ({
  root: {
    borderLeft: `4px solid ${theme.palette.error.main}`,
    padding: theme.spacing(1, 1.5),
    marginBottom: theme.spacing(1),
    background: theme.palette.background.default,
  },
  neutral: { borderLeftColor: theme.palette.info.main },
  heading: { fontWeight: theme.typography.fontWeightBold as number },
}));

/**
 * What to do, right under the verdict: the first error, its fix in words and the button
 * that writes the Terraform for it, never folded away. The full list follows further down.
 */
export function FirstFix(props: {
  report: EntityReport;
  entityName: string;
  entityRef: string;
  preflight?: boolean;
}) {
  const { report, entityName, entityRef, preflight } = props;
  const classes = useStyles();
  if (report.verdict !== 'not-ready') return null;
  const [first] = sortFindings(report.findings).filter(
    finding => finding.severity === 'error',
  );
  if (!first) return null;
  const errors = report.findings.filter(f => f.severity === 'error').length;
  const steps = splitFix(first.fix).steps;
  return (
    <Box
      component="section"
      aria-labelledby="fargate-endpoints-first-fix"
      className={`${classes.root} ${preflight ? classes.neutral : ''}`}
      data-testid="fargate-endpoints-first-fix"
    >
      <Typography
        variant="body2"
        component="h4"
        id="fargate-endpoints-first-fix"
        className={classes.heading}
      >
        {errors > 1 ? `First of ${errors} causes: ` : 'Cause: '}
        <AwsText text={findingTitle(first)} />
      </Typography>
      <Typography variant="body2" component="p">
        <strong>Fix:</strong> <AwsText text={steps} />
      </Typography>
      <Box mt={1}>
        <FixVpcAction
          report={report}
          entityName={entityName}
          entityRef={entityRef}
        />
      </Box>
    </Box>
  );
}
