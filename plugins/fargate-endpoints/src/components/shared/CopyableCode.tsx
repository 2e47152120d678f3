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
    // Scrolled sideways, never wrapped inside a string or an id: what is read is what is
    // copied. The copy button sits above the block, not over it.
    whiteSpace: 'pre',
    overflowX: 'auto',
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
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
      {/* Focusable, so a keyboard can scroll it sideways (WCAG 2.1.1; axe scrollable-region-focusable). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <pre className={classes.code} tabIndex={0} data-scrolls="">
        <code>{props.code}</code>
      </pre>
    </div>
  );
}
