import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { EntityHistoryResponse } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { FargateEndpointsApi, fargateEndpointsApiRef } from '../../api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { notReadyReport, SERVICE_ARN } from '../../testing/reportFixtures';
import { EntityFargateEndpointsCard } from '../EntityFargateEndpointsCard';
import { formatSince, sinceLine, VerdictSince } from './VerdictSince';

const brokeAt = '2026-12-03T03:12:00.000Z';
const change = {
  kind: 'endpoint-deleted' as const,
  resourceId: 'vpce-0ecrapi000000000001',
  service: 'ecr.api',
  message: 'endpoint vpce-0ecrapi000000000001 for ecr.api deleted',
  removal: true,
};

const history: EntityHistoryResponse = {
  entityRef: 'component:default/payments-api',
  entries: [
    {
      checkedAt: brokeAt,
      confirmedAt: '2026-12-03T03:40:00.000Z',
      verdict: 'not-ready',
      findings: [],
      changes: [change],
    },
    {
      checkedAt: '2026-12-02T09:00:00.000Z',
      confirmedAt: '2026-12-03T03:07:00.000Z',
      verdict: 'ready',
      findings: [],
      changes: [],
    },
  ],
  current: { verdict: 'not-ready', since: brokeAt, cause: change },
};

function api(getEntityHistory?: FargateEndpointsApi['getEntityHistory']) {
  return {
    getEntityReport: jest.fn(),
    getOverview: jest.fn(),
    checkNetwork: jest.fn(),
    ...(getEntityHistory
      ? { getEntityHistory: jest.fn(getEntityHistory) }
      : {}),
  } as FargateEndpointsApi;
}

describe('VerdictSince', () => {
  it('says since when the service is not ready and after which change, with a timeline', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[fargateEndpointsApiRef, api(async () => history)]]}
      >
        <VerdictSince entityRef="component:default/payments-api" />
      </TestApiProvider>,
    );
    const since = formatSince(brokeAt);
    expect(
      await screen.findByText(
        `Not ready since ${since}, after endpoint vpce-0ecrapi000000000001 for ecr.api deleted`,
      ),
    ).toBeInTheDocument();
    const items = screen.getByRole('list', { name: 'Recent changes' });
    expect(items.textContent).toContain(
      `${since}: Not ready (endpoint vpce-0ecrapi000000000001 for ecr.api deleted)`,
    );
    expect(items.textContent).toContain('Ready');
  });

  it('is mounted in the entity card', async () => {
    const mocked = api(async () => history);
    (mocked.getEntityReport as jest.Mock).mockResolvedValue(notReadyReport());
    await renderInTestApp(
      <TestApiProvider apis={[[fargateEndpointsApiRef, mocked]]}>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'payments-api',
              namespace: 'default',
              annotations: {
                'aws.amazon.com/amazon-ecs-service-arn': SERVICE_ARN,
              },
            },
          }}
        >
          <EntityFargateEndpointsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        /^Not ready since .*, after endpoint vpce-0ecrapi/,
      ),
    ).toBeInTheDocument();
    expect(mocked.getEntityHistory).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it('shows nothing without history, or when the API has none', async () => {
    const getEntityHistory = jest.fn(async () => ({
      entityRef: 'component:default/payments-api',
      entries: [],
    }));
    const { container } = await renderInTestApp(
      <TestApiProvider apis={[[fargateEndpointsApiRef, api(getEntityHistory)]]}>
        <VerdictSince entityRef="component:default/payments-api" />
      </TestApiProvider>,
    );
    await waitFor(() => expect(getEntityHistory).toHaveBeenCalled());
    expect(container.textContent).toBe('');

    const { container: other } = await renderInTestApp(
      <TestApiProvider apis={[[fargateEndpointsApiRef, api()]]}>
        <VerdictSince entityRef="component:default/payments-api" />
      </TestApiProvider>,
    );
    expect(other.textContent).toBe('');
  });

  it('does not claim a since from a single entry (the first sweep that saw it)', () => {
    expect(
      sinceLine({ ...history, entries: history.entries.slice(0, 1) }),
    ).toBeUndefined();
  });

  it('says how long ago, with the date, time and time zone', () => {
    const now = new Date(Date.parse(brokeAt) + 3 * 60_000);
    expect(formatSince(brokeAt, now)).toMatch(
      /^3 min ago \(\w+ \d+, \d{4}, \d\d:\d\d \S+\)$/,
    );
  });
});
