import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CheckReport,
  EntityHistoryResponse,
  EntityReport,
  NetworkCheckRequest,
  OverviewResponse,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  FargateEndpointsApi,
  GetEntityReportOptions,
} from './FargateEndpointsApi';

/** The backend's plugin id, as `discoveryApi` knows it. */
const BACKEND_PLUGIN_ID = 'fargate-endpoints';

/**
 * Talks to the fargate-endpoints backend through `discoveryApi` and `fetchApi`.
 *
 * @public
 */
export class FargateEndpointsClient implements FargateEndpointsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityReport(
    entityRef: CompoundEntityRef | string,
    options?: GetEntityReportOptions,
  ): Promise<EntityReport> {
    const { kind, namespace, name } =
      typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    const query = options?.refresh ? '?refresh=true' : '';
    return this.request<EntityReport>(`/v1/entities/${path}/report${query}`);
  }

  async getEntityHistory(
    entityRef: CompoundEntityRef | string,
  ): Promise<EntityHistoryResponse> {
    const { kind, namespace, name } =
      typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return this.request<EntityHistoryResponse>(
      `/v1/entities/${path}/history?limit=20`,
    );
  }

  async getOverview(): Promise<OverviewResponse> {
    return this.request<OverviewResponse>('/v1/overview');
  }

  async checkNetwork(request: NetworkCheckRequest): Promise<CheckReport> {
    return this.request<CheckReport>('/v1/check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(BACKEND_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
