import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import type {
  OverviewResponse,
  OverviewService,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * The id of the fact retriever, and the key of its `techInsights.factRetrievers` config.
 *
 * @public
 */
export const FARGATE_ENDPOINTS_FACT_RETRIEVER_ID =
  'fargate-endpoints-fact-retriever';

/**
 * The facts of one service, from its row of the backend's overview.
 *
 * @public
 */
export function fargateEndpointsFacts(
  service: OverviewService,
  generatedAt: string,
  now: number,
): TechInsightFact {
  // The age of the AWS state behind the verdict; a service that could not be checked at all
  // (a bad annotation, an account not allowed) has none, so its age is the overview's.
  const readAt = Date.parse(service.checkedAt ?? generatedAt);
  return {
    entity: parseEntityRef(service.entityRef),
    facts: {
      verdict: service.verdict,
      ready: service.verdict === 'ready',
      path: service.path,
      errorCount: service.counts.error,
      warningCount: service.counts.warning,
      unknownCount: service.counts.unknown,
      errorRules: service.errorRules,
      ageSeconds: Math.max(0, Math.round((now - readAt) / 1000)),
      checkedAt: service.checkedAt ?? generatedAt,
    },
  };
}

/**
 * Publishes each linked service's private-network verdict, error count and age as facts. It
 * reads the fargate-endpoints backend's overview with the module's own service credentials:
 * the background sweep's results (and the backend's cache for what no sweep has checked
 * yet), so Tech Insights adds no AWS read of its own.
 *
 * @public
 */
export const fargateEndpointsFactRetriever: FactRetriever = {
  id: FARGATE_ENDPOINTS_FACT_RETRIEVER_ID,
  version: '0.1.0',
  title: 'Fargate private networking',
  description:
    'Whether each ECS Fargate service can start its tasks in its subnets (fargate-endpoints), with its error count and the age of the check',
  schema: {
    verdict: {
      type: 'string',
      description:
        'ready: its tasks can start; not-ready: an error finding stops them; unknown: some check could not run',
    },
    ready: { type: 'boolean', description: 'True when the verdict is ready' },
    path: {
      type: 'string',
      description:
        'How the task subnets reach AWS: isolated (VPC endpoints only), nat, public, custom, mixed or unknown',
    },
    errorCount: {
      type: 'integer',
      description: 'Findings that stop the tasks from starting',
    },
    warningCount: {
      type: 'integer',
      description: 'Findings that let the tasks start but fail something later',
    },
    unknownCount: {
      type: 'integer',
      description: 'Checks that could not run',
    },
    errorRules: {
      type: 'set',
      description: 'Rule ids of the error findings (the rule catalogue)',
    },
    ageSeconds: {
      type: 'integer',
      description: 'Seconds since the AWS state behind the verdict was read',
    },
    checkedAt: {
      type: 'string',
      description: 'When the AWS state behind the verdict was read (ISO time)',
    },
  },
  async handler({ discovery, auth }) {
    const baseUrl = await discovery.getBaseUrl('fargate-endpoints');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'fargate-endpoints',
    });
    const response = await fetch(`${baseUrl}/v1/overview`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const overview = (await response.json()) as OverviewResponse;
    const now = Date.now();
    return overview.groups.flatMap(group =>
      group.services.map(service =>
        fargateEndpointsFacts(service, overview.generatedAt, now),
      ),
    );
  },
};
