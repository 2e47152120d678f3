import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { UnknownCheck } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { AspectStatusLabel } from '../shared/StatusLabels';

/** The checks that could not run and why: an open question, never a pass. */
export function UnknownChecksList(props: { unknown: UnknownCheck[] }) {
  if (props.unknown.length === 0) return null;
  return (
    <Box component="section" aria-labelledby="fargate-endpoints-unknown" mb={2}>
      <Typography variant="h6" component="h3" id="fargate-endpoints-unknown">
        Not checked ({props.unknown.length})
      </Typography>
      <Typography variant="body2" color="textSecondary">
        These checks could not run, so the rules they feed are neither passed
        nor failed.
      </Typography>
      <ul>
        {props.unknown.map(item => (
          <li key={`${item.check}-${item.call ?? ''}`}>
            <AspectStatusLabel status="unknown" /> <strong>{item.check}</strong>
            {item.call && (
              <>
                {' '}
                (<code>{item.call}</code>)
              </>
            )}
            : {item.reason}
            {item.rules.length > 0 && (
              <Typography
                variant="body2"
                color="textSecondary"
                component="span"
              >
                {' '}
                Leaves open: {item.rules.join(', ')}.
              </Typography>
            )}
          </li>
        ))}
      </ul>
    </Box>
  );
}
