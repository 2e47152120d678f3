import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import Skeleton from '@material-ui/lab/Skeleton';
import { Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityInfoCard, useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityReport,
  isFargateEndpointsAvailable,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { CostLine } from './CostLine';
import { FindingsList } from './FindingsList';
import { FirstFix } from './FirstFix';
import { MissingAnnotations } from './MissingAnnotations';
import { MissingPermissionsNotice } from './MissingPermissionsNotice';
import { NetworkSummary } from './NetworkSummary';
import { NotDeployedNotice } from './NotDeployedNotice';
import { isPreflight } from '../shared/preflight';
import { ServiceFacts } from './ServiceFacts';
import { StoppedTaskBanner } from './StoppedTaskBanner';
import { UnknownChecksList } from './UnknownChecksList';
import { useEntityReport } from './useEntityReport';
import { VerdictSince } from '../VerdictSince';
import { VerdictHeader } from './VerdictHeader';
import { AwsText } from '../shared/AwsText';

/** The card's title, the same in every state so the page does not change under the reader. */
export const CARD_TITLE = 'Private networking';

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

/** The reason behind an error: the backend's message, not "Request failed with 500". */
function errorWords(error: Error): { title: string; reason: string } {
  if (error instanceof ResponseError) {
    const status = error.response.status;
    const body = error.body?.error;
    return {
      title: `${status}: ${body?.name ?? error.response.statusText ?? 'Error'}`,
      reason: body?.message ?? error.message,
    };
  }
  return { title: error.name || 'Error', reason: error.message };
}

function ErrorBanner(props: {
  title: string;
  error: Error;
  onRetry: () => void;
  retryLabel: string;
}) {
  const { title, reason } = errorWords(props.error);
  return (
    <Alert
      severity="error"
      role="alert"
      action={
        <Button
          color="inherit"
          size="small"
          onClick={props.onRetry}
          style={{ textTransform: 'none' }}
        >
          {props.retryLabel}
        </Button>
      }
    >
      <AlertTitle>{props.title}</AlertTitle>
      <Typography variant="body2" component="p">
        {title}
      </Typography>
      <Typography
        variant="body2"
        component="p"
        style={{ overflowWrap: 'anywhere' }}
      >
        <AwsText text={reason} />
      </Typography>
    </Alert>
  );
}

/** Roughly the shape of a report, inside the card frame, so the page does not jump. */
function ReportSkeleton() {
  return (
    <div aria-busy="true" data-testid="fargate-endpoints-loading">
      <Progress />
      <Typography variant="srOnly" role="status">
        Checking private networking
      </Typography>
      <Skeleton variant="text" width="80%" height={32} />
      <Skeleton variant="text" width="60%" />
      <Skeleton variant="text" width="50%" />
      <Skeleton variant="text" width="40%" />
      <Box mt={2}>
        <Skeleton variant="rect" height={48} />
      </Box>
      <Box mt={1}>
        <Skeleton variant="rect" height={48} />
      </Box>
      <Box mt={2}>
        {[0, 1, 2, 3, 4].map(row => (
          <Skeleton key={row} variant="text" height={40} />
        ))}
      </Box>
    </div>
  );
}

function ReportBody(props: {
  report: EntityReport;
  entityRef: string;
  entityName: string;
}) {
  const { report, entityRef, entityName } = props;
  const region = report.target.region;
  if (report.notDeployed) {
    return <NotDeployedNotice notDeployed={report.notDeployed} />;
  }
  const preflight = isPreflight(report);
  // The answer, the first cause and its fix come first, so they are on the first screen at
  // every width; what is fine is summarised below, its details one click away.
  return (
    <>
      <VerdictHeader report={report} />
      <FirstFix
        report={report}
        entityName={entityName}
        entityRef={entityRef}
        preflight={preflight}
      />
      {report.stoppedTasks.length > 0 && (
        <Box mb={1.5}>
          <StoppedTaskBanner stoppedTasks={report.stoppedTasks} />
        </Box>
      )}
      <ServiceFacts report={report} />
      <VerdictSince entityRef={entityRef} checkedAt={report.checkedAt} />
      <UnknownChecksList unknown={report.unknown} />
      <MissingPermissionsNotice missing={report.missingPermissions} />
      <NetworkSummary report={report} />
      <FindingsList findings={report.findings} region={region} />
      <CostLine cost={report.cost} region={region} path={report.path} />
    </>
  );
}

function EntityReportCard(props: { entityRef: string; entityName: string }) {
  const { report, loading, error, refreshing, refreshError, refresh, retry } =
    useEntityReport(props.entityRef);
  let body;
  if (loading) {
    body = <ReportSkeleton />;
  } else if (error || !report) {
    body = (
      <ErrorBanner
        title="Could not check private networking"
        error={error ?? new Error('The backend sent no report')}
        onRetry={retry}
        retryLabel="Retry"
      />
    );
  } else {
    body = (
      <div aria-busy={refreshing}>
        {/* Announces the refresh without re-reading the whole report. */}
        <Typography variant="srOnly" role="status">
          {refreshing ? 'Refreshing the check' : ''}
        </Typography>
        {refreshError && (
          <Box mb={2}>
            <ErrorBanner
              title="Refresh failed; showing the previous report"
              error={refreshError}
              onRetry={refresh}
              retryLabel="Try again"
            />
          </Box>
        )}
        <ReportBody
          report={report}
          entityRef={props.entityRef}
          entityName={props.entityName}
        />
      </div>
    );
  }
  return (
    // The entity page's own card (Backstage UI), as the About card beside it: a real
    // heading, no legacy shadow.
    <EntityInfoCard
      title={CARD_TITLE}
      headerActions={
        report ? (
          <RefreshButton refreshing={refreshing} onRefresh={refresh} />
        ) : undefined
      }
    >
      <div data-testid="fargate-endpoints-card">{body}</div>
    </EntityInfoCard>
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
  return (
    <EntityReportCard
      entityRef={stringifyEntityRef(entity)}
      entityName={entity.metadata.name}
    />
  );
}
