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
import {
  type AspectStatus,
  type Severity,
  type Verdict,
  verdictWords,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

const useStyles = makeStyles(theme => ({
  label: {
    display: 'inline-flex',
    alignItems: 'baseline',
    whiteSpace: 'nowrap',
  },
  wrap: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
  plainIcon: {
    width: '0.8em',
    height: '0.8em',
    marginRight: theme.spacing(1),
    position: 'relative',
    top: '0.125em',
    color: theme.palette.text.secondary,
  },
}));

/** The tone of a label: its icon. */
export type Tone = 'ok' | 'error' | 'warning' | 'pending' | 'info' | 'none';

/**
 * An icon and a text label together: colour is never the only signal. The Status* icons are
 * aria-hidden, so the text carries the meaning for screen readers.
 */
export function ToneLabel(props: {
  tone: Tone;
  children: ReactNode;
  wrap?: boolean;
}) {
  const classes = useStyles();
  const { tone, children, wrap } = props;
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
    <span className={`${classes.label} ${wrap ? classes.wrap : ''}`}>
      {icon}
      <span>{children}</span>
    </span>
  );
}

const VERDICT_TONE: Record<Verdict, Tone> = {
  ready: 'ok',
  'not-ready': 'error',
  // Unknown is not a pass: it gets the warning icon, never the green one.
  unknown: 'warning',
};

/** Ready / Not ready / Unknown, with icon and text: the one vocabulary of the plugin. */
export function VerdictLabel(props: {
  verdict: Verdict;
  children?: ReactNode;
}) {
  const tone = VERDICT_TONE[props.verdict] ?? VERDICT_TONE.unknown;
  return (
    <ToneLabel tone={tone} wrap={props.children !== undefined}>
      {props.children ?? verdictWords(props.verdict)}
    </ToneLabel>
  );
}

const SEVERITY_TEXT: Record<Severity, { tone: Tone; text: string }> = {
  error: { tone: 'error', text: 'Blocks start' },
  warning: { tone: 'warning', text: 'Warning' },
  info: { tone: 'info', text: 'Note' },
};

/** What a finding means for the service: Blocks start / Warning / Note, with icon and text. */
export function SeverityLabel(props: { severity: Severity }) {
  const { tone, text } = SEVERITY_TEXT[props.severity] ?? SEVERITY_TEXT.info;
  return <ToneLabel tone={tone}>{text}</ToneLabel>;
}

/** The words of a severity, for accessible names. */
export function severityWords(severity: Severity): string {
  return (SEVERITY_TEXT[severity] ?? SEVERITY_TEXT.info).text;
}

/** An endpoint's overall state in the verdict vocabulary; a warning keeps it Ready. */
export function endpointVerdict(checks: Record<string, AspectStatus>): {
  verdict: Verdict;
  warning: boolean;
} {
  const values = Object.values(checks);
  if (values.includes('fail')) return { verdict: 'not-ready', warning: false };
  if (values.includes('unknown')) return { verdict: 'unknown', warning: false };
  return { verdict: 'ready', warning: values.includes('warn') };
}

/** Ready (or Ready with a warning icon) / Not ready / Unknown for one endpoint. */
export function EndpointStatusLabel(props: {
  checks: Record<string, AspectStatus>;
}) {
  const { verdict, warning } = endpointVerdict(props.checks);
  const tone = warning ? 'warning' : VERDICT_TONE[verdict];
  return <ToneLabel tone={tone}>{verdictWords(verdict)}</ToneLabel>;
}
