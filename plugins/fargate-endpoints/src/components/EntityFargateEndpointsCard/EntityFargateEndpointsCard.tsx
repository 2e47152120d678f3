import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityReport,
  isFargateEndpointsAvailable,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { AtAGlance } from './AtAGlance';
import { CostLine } from './CostLine';
import { EndpointTable } from './EndpointTable';
import { FindingsList } from './FindingsList';
import { MissingAnnotations } from './MissingAnnotations';
import { NotDeployedNotice } from './NotDeployedNotice';
import { StoppedTaskBanner } from './StoppedTaskBanner';
import { UnknownChecksList } from './UnknownChecksList';
import { useEntityReport } from './useEntityReport';

const CARD_TITLE = 'Private networking';

function RefreshButton(props: { refreshing: boolean; onRefresh: () => void }) {
  const { refreshing, onRefresh } = props;
  return (
    <Tooltip title="Read the AWS state again">
      <span>
        <IconButton
          aria-label="Refresh the private networking check"
          onClick={onRefresh}
          disabled={refreshing}
        >
          {refreshing ? (
            <CircularProgress size={20} aria-label="Refreshing" />
          ) : (
            <RefreshIcon />
          )}
        </IconButton>
      </span>
    </Tooltip>
  );
}

function ReportBody(props: { report: EntityReport }) {
  const { report } = props;
  const region = report.target.region;
  if (report.notDeployed) {
    return <NotDeployedNotice notDeployed={report.notDeployed} />;
  }
  return (
    <>
      <AtAGlance report={report} />
      {report.stoppedTasks.length > 0 && (
        <Box mb={2}>
          <StoppedTaskBanner stoppedTasks={report.stoppedTasks} />
        </Box>
      )}
      <FindingsList findings={report.findings} region={region} />
      <UnknownChecksList unknown={report.unknown} />
      <EndpointTable endpoints={report.endpoints} region={region} />
      <CostLine cost={report.cost} />
    </>
  );
}

function EntityReportCard(props: { entityRef: string }) {
  const { report, loading, error, refreshing, refreshError, refresh } =
    useEntityReport(props.entityRef);
  if (loading) return <Progress />;
  if (error || !report) {
    return <ResponseErrorPanel error={error ?? new Error('No report')} />;
  }
  return (
    <InfoCard
      title={CARD_TITLE}
      subheader="Can this service's tasks reach AWS from their subnets?"
      action={<RefreshButton refreshing={refreshing} onRefresh={refresh} />}
    >
      <div aria-busy={refreshing}>
        {/* Announces the refresh without re-reading the whole report. */}
        <Typography variant="srOnly" role="status">
          {refreshing ? 'Refreshing the check' : ''}
        </Typography>
        {refreshError && (
          <Box mb={2}>
            <ResponseErrorPanel
              error={refreshError}
              title="Refresh failed; showing the previous report"
            />
          </Box>
        )}
        <ReportBody report={report} />
      </div>
    </InfoCard>
  );
}

/**
 * The entity card: whether the service's Fargate tasks can start in their subnets, and if
 * not, which finding says why and how to fix it.
 */
export function EntityFargateEndpointsCard() {
  const { entity } = useEntity();
  if (!isFargateEndpointsAvailable(entity)) {
    return <MissingAnnotations entity={entity} />;
  }
  return <EntityReportCard entityRef={stringifyEntityRef(entity)} />;
}
