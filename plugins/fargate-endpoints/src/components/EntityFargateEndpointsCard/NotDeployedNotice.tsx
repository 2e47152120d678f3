import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { NotDeployed } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { AwsText } from '../shared/AwsText';

/**
 * A generated service before its first deploy: nothing to check yet, which is neither a
 * failure nor a pass. Says what the network will be and what links the live service.
 */
export function NotDeployedNotice(props: { notDeployed: NotDeployed }) {
  const { notDeployed } = props;
  return (
    <Box mb={2} role="status">
      <Typography variant="h6" component="h3">
        Not deployed yet
      </Typography>
      <Typography variant="body2" component="p">
        <strong>Network plan:</strong>{' '}
        <AwsText text={notDeployed.networkPlan} />
      </Typography>
      <Typography variant="body2" component="p">
        <strong>Next:</strong> <AwsText text={notDeployed.linkedBy} />
      </Typography>
      <Typography variant="body2" component="p" color="textSecondary">
        Why: <AwsText text={notDeployed.reason} />
      </Typography>
    </Box>
  );
}
