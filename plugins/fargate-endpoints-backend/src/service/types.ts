import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CheckReport,
  EntityHistoryResponse,
  EntityReport,
  NetworkCheckRequest,
  OverviewResponse,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

import type { PlanImpactRequest, PlanImpactResponse } from './planImpact';

/**
 * What the router asks of the service. Authorization happens in the router.
 *
 * @public
 */
export interface FargateEndpointsService {
  /**
   * The report of one catalog entity. The entity is fetched with the caller's credentials,
   * so the catalog's own permissions apply. `refresh` re-reads AWS instead of the cache.
   */
  getEntityReport(
    entityRef: string,
    options: { refresh?: boolean; credentials: BackstageCredentials },
  ): Promise<EntityReport>;

  /** Checks explicit network inputs (the template's pre-flight). */
  checkNetwork(input: NetworkCheckRequest): Promise<CheckReport>;

  /**
   * Every linked entity of the catalog the caller may read (fetched with the caller's
   * credentials, so the catalog's permissions apply), checked through the cache, grouped by
   * account, region and VPC. `ownedBy` (an entity ref, `group:default/team-shop`) keeps only
   * the entities the catalog says that owner owns.
   */
  getOverview(options: {
    credentials: BackstageCredentials;
    ownedBy?: string;
  }): Promise<OverviewResponse>;

  /**
   * The sweep's history of one entity, newest first. The entity is fetched with the caller's
   * credentials first, so an entity the caller may not read has no history either.
   */
  getEntityHistory(
    entityRef: string,
    options: { credentials: BackstageCredentials; limit?: number },
  ): Promise<EntityHistoryResponse>;

  /**
   * What a Terraform plan does to the services of the VPCs it touches: only affected services
   * whose entity the caller may read (fetched with the caller's credentials) are named, the
   * others counted. Throws InputError for a plan that is not one, NotAllowedError for an
   * account config does not allow.
   */
  assessPlan(
    request: PlanImpactRequest,
    options: { credentials: BackstageCredentials },
  ): Promise<PlanImpactResponse>;
}
