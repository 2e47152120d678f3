import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { ToneLabel } from '../shared/StatusLabels';
import { DependencyList } from './DependencyList';
import {
  EndpointList,
  endpointIsFine,
  reachedWithoutEndpoint,
} from './EndpointList';

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: theme.spacing(1),
  },
  toggle: {
    textTransform: 'none',
    '&.Mui-focusVisible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
}));

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The endpoints and the other needs of the task definition: what needs attention row by
 * row, what is fine in one line ("Fine: 6 endpoints and 3 other needs"), its rows one click away.
 */
export function NetworkSummary(props: { report: EntityReport }) {
  const { report } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const dependencies = report.dependencies ?? [];
  const endpointsToSee = report.endpoints.filter(
    e => !endpointIsFine(e, report),
  );
  const fineEndpoints = report.endpoints.filter(e => endpointIsFine(e, report));
  const depsToSee = dependencies.filter(d => d.status !== 'ok');
  const fineDeps = dependencies.filter(d => d.status === 'ok');
  const fineCount = fineEndpoints.length + fineDeps.length;
  // Reached without an endpoint (a NAT gateway): said as such, never a bare "fine".
  const otherWay = fineEndpoints.filter(e => reachedWithoutEndpoint(e, report));
  const withEndpoint = fineEndpoints.filter(
    e => !reachedWithoutEndpoint(e, report),
  );
  const fineParts = [
    withEndpoint.length > 0 &&
      `${plural(withEndpoint.length, 'endpoint')} (${withEndpoint
        .map(e => e.service)
        .join(', ')})`,
    fineDeps.length > 0 && plural(fineDeps.length, 'other need'),
  ].filter(Boolean);
  const otherWayWords =
    otherWay.length > 0 &&
    `No endpoint, ${reachedWithoutEndpoint(otherWay[0], report)}: ${otherWay
      .map(e => e.service)
      .join(', ')}`;
  const detailsId = 'fargate-endpoints-network-details';
  return (
    <Box component="section" aria-labelledby="fargate-endpoints-network" mb={2}>
      <Typography
        variant="subtitle2"
        component="h3"
        id="fargate-endpoints-network"
        gutterBottom
      >
        Endpoints ({report.endpoints.length})
        {dependencies.length > 0 && ` · Also needed (${dependencies.length})`}
      </Typography>
      {report.endpoints.length === 0 && dependencies.length === 0 && (
        <Typography variant="body2">
          No endpoint is needed or present.
        </Typography>
      )}
      <EndpointList report={report} endpoints={endpointsToSee} />
      <DependencyList dependencies={depsToSee} />
      {fineCount > 0 && (
        <div className={classes.summary}>
          {fineParts.length > 0 && (
            <Typography variant="body2" component="p">
              <ToneLabel tone="ok" wrap>
                Fine: {fineParts.join(' and ')}
              </ToneLabel>
            </Typography>
          )}
          {otherWayWords && (
            <Typography variant="body2" component="p">
              <ToneLabel tone="none" wrap>
                {otherWayWords}
              </ToneLabel>
            </Typography>
          )}
          <Button
            size="small"
            color="primary"
            className={classes.toggle}
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide details' : 'Show details'}
          </Button>
        </div>
      )}
      {open && (
        <div id={detailsId}>
          <EndpointList report={report} endpoints={fineEndpoints} />
          {fineDeps.length > 0 && (
            <>
              <Typography variant="caption" component="p" color="textSecondary">
                Also needed:
              </Typography>
              <DependencyList dependencies={fineDeps} />
            </>
          )}
        </div>
      )}
    </Box>
  );
}
