import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { StoppedTaskDiagnosis } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { truncateText } from '../shared/format';

/** The start-up errors that private networking causes; other stop reasons are not ours to explain. */
const NETWORK_START_ERRORS =
  /ResourceInitializationError|CannotPullContainerError/;

const SHORT_REASON_LENGTH = 160;

/** The most recent stopped task whose error private networking explains, if any. */
export function latestNetworkStartFailure(
  stoppedTasks: StoppedTaskDiagnosis[],
): StoppedTaskDiagnosis | undefined {
  return stoppedTasks
    .filter(task => NETWORK_START_ERRORS.test(task.stoppedReason))
    .sort((a, b) => (b.stoppedAt ?? '').localeCompare(a.stoppedAt ?? ''))[0];
}

/** A banner with the latest start-up error of a stopped task and what explains it. */
export function StoppedTaskBanner(props: {
  stoppedTasks: StoppedTaskDiagnosis[];
}) {
  const [expanded, setExpanded] = useState(false);
  const task = latestNetworkStartFailure(props.stoppedTasks);
  if (!task) return null;
  const isLong = task.stoppedReason.length > SHORT_REASON_LENGTH;
  const reason =
    expanded || !isLong
      ? task.stoppedReason
      : truncateText(task.stoppedReason, SHORT_REASON_LENGTH);
  const explainedBy = task.explainedBy;
  return (
    <Alert severity="error" role="region" aria-label="Stopped task">
      <AlertTitle>A task failed to start</AlertTitle>
      <Typography
        variant="body2"
        component="p"
        style={{ wordBreak: 'break-word' }}
      >
        <code>{reason}</code>
      </Typography>
      {isLong && (
        <Button
          size="small"
          onClick={() => setExpanded(!expanded)}
          aria-expanded={expanded}
        >
          {expanded ? 'Show less' : 'Show the full error'}
        </Button>
      )}
      <Typography variant="body2" component="p">
        {explainedBy ? (
          <>
            Explained by <code>{explainedBy.rule}</code>
            {explainedBy.service && (
              <>
                {' '}
                on <code>{explainedBy.service}</code>
              </>
            )}
            : see that finding below for the fix.
          </>
        ) : (
          task.hint
        )}
      </Typography>
    </Alert>
  );
}
