import { ReactNode } from 'react';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import RemoveIcon from '@material-ui/icons/Remove';
import type {
  AspectStatus,
  Severity,
  Verdict,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

const useStyles = makeStyles(theme => ({
  label: {
    display: 'inline-flex',
    alignItems: 'baseline',
    whiteSpace: 'nowrap',
  },
  plainIcon: {
    width: '0.8em',
    height: '0.8em',
    marginRight: theme.spacing(1),
    position: 'relative',
    top: '0.125em',
    color: theme.palette.text.secondary,
  },
}));

type Tone = 'ok' | 'error' | 'warning' | 'pending' | 'info' | 'none';

/**
 * An icon and a text label together: colour is never the only signal. The Status* icons are
 * aria-hidden, so the text carries the meaning for screen readers.
 */
function ToneLabel(props: { tone: Tone; children: ReactNode }) {
  const classes = useStyles();
  const { tone, children } = props;
  let icon: ReactNode;
  switch (tone) {
    case 'ok':
      icon = <StatusOK />;
      break;
    case 'error':
      icon = <StatusError />;
      break;
    case 'warning':
      icon = <StatusWarning />;
      break;
    case 'pending':
      icon = <StatusPending />;
      break;
    case 'info':
      icon = <InfoOutlined aria-hidden className={classes.plainIcon} />;
      break;
    default:
      icon = <RemoveIcon aria-hidden className={classes.plainIcon} />;
  }
  return (
    <span className={classes.label}>
      {icon}
      <span>{children}</span>
    </span>
  );
}

const VERDICT_TEXT: Record<Verdict, { tone: Tone; text: string }> = {
  ready: { tone: 'ok', text: 'Ready' },
  'not-ready': { tone: 'error', text: 'Not ready' },
  // Unknown is not a pass: it gets the warning icon, never the green one.
  unknown: { tone: 'warning', text: 'Unknown' },
};

/** Ready / Not ready / Unknown, with icon and text. */
export function VerdictLabel(props: { verdict: Verdict }) {
  const { tone, text } = VERDICT_TEXT[props.verdict] ?? VERDICT_TEXT.unknown;
  return <ToneLabel tone={tone}>{text}</ToneLabel>;
}

const SEVERITY_TEXT: Record<Severity, { tone: Tone; text: string }> = {
  error: { tone: 'error', text: 'Error' },
  warning: { tone: 'warning', text: 'Warning' },
  info: { tone: 'info', text: 'Info' },
};

/** Error / Warning / Info, with icon and text. */
export function SeverityLabel(props: { severity: Severity }) {
  const { tone, text } = SEVERITY_TEXT[props.severity] ?? SEVERITY_TEXT.info;
  return <ToneLabel tone={tone}>{text}</ToneLabel>;
}

const ASPECT_TEXT: Record<AspectStatus, { tone: Tone; text: string }> = {
  ok: { tone: 'ok', text: 'OK' },
  fail: { tone: 'error', text: 'Fail' },
  warn: { tone: 'warning', text: 'Warning' },
  unknown: { tone: 'pending', text: 'Unknown' },
  'n/a': { tone: 'none', text: 'n/a' },
};

/** One aspect of one endpoint (present, DNS, ...), with icon and text. */
export function AspectStatusLabel(props: { status: AspectStatus }) {
  const { tone, text } = ASPECT_TEXT[props.status] ?? ASPECT_TEXT.unknown;
  return <ToneLabel tone={tone}>{text}</ToneLabel>;
}
