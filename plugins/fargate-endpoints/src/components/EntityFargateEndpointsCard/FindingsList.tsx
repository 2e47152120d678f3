import { useState } from 'react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Link } from '@backstage/core-components';
import {
  compareSeverity,
  Finding,
  findingCommands,
  findingTitle,
  splitFix,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { awsConsoleUrl } from '../../console/awsConsoleUrl';
import { AwsId, AwsText } from '../shared/AwsText';
import { CopyableCode } from '../shared/CopyableCode';
import { SeverityLabel, severityWords } from '../shared/StatusLabels';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  summary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.5),
    minWidth: 0,
  },
  title: { minWidth: 0 },
  // A clear ring on the expander that has the keyboard focus.
  focused: {
    outline: `2px solid ${theme.palette.primary.main}`,
    outlineOffset: -2,
  },
  // A flex item is as wide as its longest word unless told otherwise: long resource ids
  // would push the summary wider than a phone's card.
  summaryContent: { minWidth: 0 },
  details: { display: 'block', minWidth: 0 },
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

/** An info finding has nothing to fix; its "fix" is an optional improvement. */
function fixWords(finding: Finding): { label: string; text: string } {
  const { steps } = splitFix(finding.fix);
  if (finding.severity === 'info') {
    return {
      label: 'Optional',
      text: steps.replace(/^Nothing to fix\.\s*/i, ''),
    };
  }
  return { label: 'Fix', text: steps };
}

function FindingItem(props: { finding: Finding; region: string; id: string }) {
  const { finding, region, id } = props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const consoleUrl = awsConsoleUrl(finding.resourceId, region);
  const commands = findingCommands(finding);
  const fix = fixWords(finding);
  const title = findingTitle(finding);
  return (
    <li aria-label={`${severityWords(finding.severity)}: ${title}`}>
      <Accordion
        expanded={expanded}
        onChange={(_event, value) => setExpanded(value)}
        TransitionProps={{ unmountOnExit: true }}
        variant="outlined"
        square
      >
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          classes={{
            content: classes.summaryContent,
            focusVisible: classes.focused,
          }}
          aria-controls={`${id}-details`}
          id={`${id}-summary`}
        >
          <span className={classes.summary}>
            <SeverityLabel severity={finding.severity} />
            <Typography
              variant="body2"
              component="span"
              className={classes.title}
            >
              <strong>
                <AwsText text={title} />
              </strong>
            </Typography>
          </span>
        </AccordionSummary>
        {/* The Accordion wraps the details in a region labelled by the summary. */}
        <AccordionDetails className={classes.details}>
          <Typography variant="body2" component="p">
            <AwsText text={finding.message} />
          </Typography>
          {fix.text && (
            <Box mt={1}>
              <Typography variant="body2" component="p">
                <strong>{fix.label}:</strong> <AwsText text={fix.text} />
              </Typography>
            </Box>
          )}
          {finding.resourceId && (
            <Box mt={1}>
              <Typography variant="body2" component="p">
                Resource:{' '}
                {consoleUrl ? (
                  <Link
                    to={consoleUrl}
                    aria-label={`Open ${finding.resourceId} in the AWS console`}
                  >
                    <AwsId>{finding.resourceId}</AwsId>
                  </Link>
                ) : (
                  <code>
                    <AwsId>{finding.resourceId}</AwsId>
                  </code>
                )}
              </Typography>
            </Box>
          )}
          {commands.length > 0 && (
            <CopyableCode label="AWS CLI" code={commands.join('\n')} />
          )}
          {finding.terraform && (
            <CopyableCode label="Terraform" code={finding.terraform} />
          )}
        </AccordionDetails>
      </Accordion>
    </li>
  );
}

/** Every finding as a title that opens to its fix, errors first. */
export function FindingsList(props: { findings: Finding[]; region: string }) {
  const classes = useStyles();
  const findings = sortFindings(props.findings);
  if (findings.length === 0) return null;
  return (
    <Box
      component="section"
      aria-labelledby="fargate-endpoints-findings"
      mb={2}
    >
      <Typography
        variant="subtitle2"
        component="h3"
        id="fargate-endpoints-findings"
        gutterBottom
      >
        All findings ({findings.length})
      </Typography>
      <ul className={classes.list}>
        {findings.map((finding, index) => (
          <FindingItem
            key={`${finding.rule}-${finding.service ?? ''}-${
              finding.resourceId ?? ''
            }-${index}`}
            id={`fargate-endpoints-finding-${index}`}
            finding={finding}
            region={props.region}
          />
        ))}
      </ul>
    </Box>
  );
}
