import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  type Finding,
  type StoppedTaskDiagnosis,
  findingTitle,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { truncateText } from '../shared/format';
import { When } from '../shared/When';
import { AwsText } from '../shared/AwsText';

/** The start-up errors that private networking causes; other stop reasons are not ours to explain. */
const NETWORK_START_ERRORS =
  /ResourceInitializationError|CannotPullContainerError/;

const SHORT_REASON_LENGTH = 110;

function newestFirst(a: StoppedTaskDiagnosis, b: StoppedTaskDiagnosis): number {
  return (b.stoppedAt ?? '').localeCompare(a.stoppedAt ?? '');
}

/** The most recent stopped task whose error private networking explains, if any. */
export function latestNetworkStartFailure(
  stoppedTasks: StoppedTaskDiagnosis[],
): StoppedTaskDiagnosis | undefined {
  return stoppedTasks
    .filter(task => NETWORK_START_ERRORS.test(task.stoppedReason))
    .sort(newestFirst)[0];
}

/** The task to show: the latest start-up failure, else the latest stopped task. */
function taskToShow(
  stoppedTasks: StoppedTaskDiagnosis[],
): { task: StoppedTaskDiagnosis; network: boolean } | undefined {
  const network = latestNetworkStartFailure(stoppedTasks);
  if (network) return { task: network, network: true };
  const latest = [...stoppedTasks].sort(newestFirst)[0];
  return latest ? { task: latest, network: false } : undefined;
}

/**
 * The latest stopped task's error. A start-up failure that private networking causes is an
 * error tied to the finding that explains it; any other stop (the app exited) is shown too,
 * with what it means, because it is the first thing on-call looks for.
 */
export function StoppedTaskBanner(props: {
  stoppedTasks: StoppedTaskDiagnosis[];
}) {
  const [expanded, setExpanded] = useState(false);
  const shown = taskToShow(props.stoppedTasks);
  if (!shown) return null;
  const { task, network } = shown;
  const isLong = task.stoppedReason.length > SHORT_REASON_LENGTH;
  const reason =
    expanded || !isLong
      ? task.stoppedReason
      : truncateText(task.stoppedReason, SHORT_REASON_LENGTH);
  const explainedBy = task.explainedBy;
  return (
    <Alert
      severity={network ? 'error' : 'info'}
      role="region"
      aria-label="Stopped task"
    >
      <AlertTitle>
        {network ? 'A task failed to start' : 'The last task stopped'}
        {task.stoppedAt && (
          <>
            {' '}
            <When iso={task.stoppedAt} />
          </>
        )}
      </AlertTitle>
      <Typography
        variant="body2"
        component="p"
        style={{ overflowWrap: 'anywhere' }}
      >
        <code>
          <AwsText text={reason} />
        </code>
      </Typography>
      <Typography variant="body2" component="p">
        {explainedBy ? (
          <>
            Explained by{' '}
            <strong>
              {findingTitle({
                ...explainedBy,
                severity: 'error',
                message: '',
                fix: '',
              } as Finding)}
            </strong>
            , the cause under the verdict.
          </>
        ) : (
          <AwsText text={task.hint} />
        )}
        {isLong && (
          <>
            {' '}
            <Button
              size="small"
              color="primary"
              style={{ textTransform: 'none', padding: '0 4px', minWidth: 0 }}
              onClick={() => setExpanded(!expanded)}
              aria-expanded={expanded}
            >
              {expanded ? 'Show less' : 'Show the full error'}
            </Button>
          </>
        )}
      </Typography>
    </Alert>
  );
}
