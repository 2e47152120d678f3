import { makeStyles } from '@material-ui/core/styles';

/**
 * The card's status lists (endpoints, what else is needed): a status column, then the rest,
 * which wraps inside its own column at any card width, so the lists read as one.
 */
export const useStatusListStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'grid',
    gridTemplateColumns: 'minmax(6.5rem, max-content) minmax(0, 1fr)',
    columnGap: theme.spacing(1.5),
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  groupReason: { margin: theme.spacing(1, 0, 0) },
}));
