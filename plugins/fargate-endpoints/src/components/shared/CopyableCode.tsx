import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { CopyTextButton } from '@backstage/core-components';

const useStyles = makeStyles(theme => ({
  root: {
    marginTop: theme.spacing(1),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    minWidth: 0,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    padding: theme.spacing(0, 0, 0, 1.5),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  code: {
    margin: 0,
    padding: theme.spacing(1, 1.5),
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    lineHeight: 1.5,
    // Wrapped, never scrolled: a half-width card shows the whole command and nothing sits
    // on top of it; the copy button copies the exact text.
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    color: theme.palette.text.primary,
    background: theme.palette.background.default,
  },
}));

/** A labelled block of code with a copy button above it, never over it. */
export function CopyableCode(props: { label: string; code: string }) {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <div className={classes.header}>
        <Typography variant="caption" component="span">
          {props.label}
        </Typography>
        <CopyTextButton
          text={props.code}
          aria-label={`Copy the ${props.label}`}
          tooltipText={`${props.label} copied`}
        />
      </div>
      <pre className={classes.code}>
        <code>{props.code}</code>
      </pre>
    </div>
  );
}
