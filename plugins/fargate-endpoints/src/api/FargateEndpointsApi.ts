import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CheckReport,
  EntityHistoryResponse,
  EntityReport,
  NetworkCheckRequest,
  OverviewResponse,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * Options for reading an entity's report.
 *
 * @public
 */
export interface GetEntityReportOptions {
  /** Read the AWS state again instead of serving the cached report. */
  refresh?: boolean;
}

/**
 * What the frontend asks the fargate-endpoints backend.
 *
 * @public
 */
export interface FargateEndpointsApi {
  /** The private-networking report of one catalog entity (`GET /v1/entities/:kind/:namespace/:name/report`). */
  getEntityReport(
    entityRef: CompoundEntityRef | string,
    options?: GetEntityReportOptions,
  ): Promise<EntityReport>;
  /** Every linked service grouped by account, region and VPC (`GET /v1/overview`). */
  getOverview(): Promise<OverviewResponse>;
  /** A check of explicit network inputs, as the template's pre-flight sends them (`POST /v1/check`). */
  checkNetwork(request: NetworkCheckRequest): Promise<CheckReport>;
  /**
   * The background sweep's history of one entity, newest first
   * (`GET /v1/entities/:kind/:namespace/:name/history`). Optional so that existing
   * implementations keep compiling; the card shows no history without it.
   */
  getEntityHistory?(
    entityRef: CompoundEntityRef | string,
  ): Promise<EntityHistoryResponse>;
}

/**
 * The API ref of {@link FargateEndpointsApi}.
 *
 * @public
 */
export const fargateEndpointsApiRef = createApiRef<FargateEndpointsApi>({
  id: 'plugin.fargate-endpoints.service',
});
