import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { CodeSnippet, Link } from '@backstage/core-components';
import {
  compareSeverity,
  Finding,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { awsConsoleUrl } from '../../console/awsConsoleUrl';
import { SeverityLabel } from '../shared/StatusLabels';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  finding: {
    borderLeft: `4px solid ${theme.palette.divider}`,
    padding: theme.spacing(1, 2),
    marginBottom: theme.spacing(2),
  },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(1.5),
  },
}));

/** Findings sorted errors first; the sort is stable, so the backend's order holds within a severity. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        compareSeverity(a.finding.severity, b.finding.severity) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

function FindingItem(props: { finding: Finding; region: string }) {
  const { finding, region } = props;
  const classes = useStyles();
  const consoleUrl = awsConsoleUrl(finding.resourceId, region);
  return (
    <li
      className={classes.finding}
      aria-label={`${finding.severity} ${finding.rule}`}
    >
      <div className={classes.heading}>
        <SeverityLabel severity={finding.severity} />
        <Typography variant="subtitle2" component="h4">
          <code>{finding.rule}</code>
        </Typography>
        {finding.service && (
          <Typography variant="body2" component="span">
            service <code>{finding.service}</code>
          </Typography>
        )}
      </div>
      <Typography variant="body2" component="p">
        {finding.message}
      </Typography>
      <Typography variant="body2" component="p">
        <strong>Fix:</strong> {finding.fix}
      </Typography>
      {finding.resourceId && (
        <Typography variant="body2" component="p">
          Resource:{' '}
          {consoleUrl ? (
            <Link
              to={consoleUrl}
              aria-label={`Open ${finding.resourceId} in the AWS console`}
            >
              {finding.resourceId}
            </Link>
          ) : (
            <code>{finding.resourceId}</code>
          )}
        </Typography>
      )}
      {finding.terraform && (
        <Box mt={1}>
          <Typography variant="caption" component="p">
            Terraform
          </Typography>
          <CodeSnippet
            text={finding.terraform}
            language="hcl"
            showCopyCodeButton
          />
        </Box>
      )}
    </li>
  );
}

/** Every finding with its fix, errors first. */
export function FindingsList(props: { findings: Finding[]; region: string }) {
  const classes = useStyles();
  const findings = sortFindings(props.findings);
  return (
    <Box
      component="section"
      aria-labelledby="fargate-endpoints-findings"
      mb={2}
    >
      <Typography variant="h6" component="h3" id="fargate-endpoints-findings">
        Findings ({findings.length})
      </Typography>
      {findings.length === 0 ? (
        <Typography variant="body2">No findings.</Typography>
      ) : (
        <ul className={classes.list}>
          {findings.map((finding, index) => (
            <FindingItem
              key={`${finding.rule}-${finding.service ?? ''}-${
                finding.resourceId ?? ''
              }-${index}`}
              finding={finding}
              region={props.region}
            />
          ))}
        </ul>
      )}
    </Box>
  );
}
