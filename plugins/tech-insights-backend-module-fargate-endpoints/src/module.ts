import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import {
  FARGATE_ENDPOINTS_FACT_RETRIEVER_ID,
  fargateEndpointsFactRetriever,
} from './factRetriever';

/**
 * Adds the fargate-endpoints fact retriever to Tech Insights; it runs on the cadence
 * `techInsights.factRetrievers.fargate-endpoints-fact-retriever` configures.
 *
 * @public
 */
export const techInsightsModuleFargateEndpoints = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'fargate-endpoints',
  register(env) {
    env.registerInit({
      deps: { factRetrievers: techInsightsFactRetrieversExtensionPoint },
      async init({ factRetrievers }) {
        factRetrievers.addFactRetrievers({
          [FARGATE_ENDPOINTS_FACT_RETRIEVER_ID]: fargateEndpointsFactRetriever,
        });
      },
    });
  },
});
