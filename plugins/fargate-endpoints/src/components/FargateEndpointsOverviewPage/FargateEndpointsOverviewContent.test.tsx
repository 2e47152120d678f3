import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FargateEndpointsApi, fargateEndpointsApiRef } from '../../api';
import {
  ACCOUNT_ID,
  overviewResponse,
  VPC_ID,
} from '../../testing/reportFixtures';
import { FargateEndpointsOverviewContent } from './FargateEndpointsOverviewContent';

function renderOverview(getOverview: FargateEndpointsApi['getOverview']) {
  const api: FargateEndpointsApi = {
    getOverview: jest.fn(getOverview),
    getEntityReport: jest.fn(),
    checkNetwork: jest.fn(),
  };
  return renderInTestApp(
    <TestApiProvider apis={[[fargateEndpointsApiRef, api]]}>
      <FargateEndpointsOverviewContent />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

async function chooseOption(label: string, option: string) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(label) }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('FargateEndpointsOverviewContent', () => {
  it('groups services by account, region and VPC with verdicts and links', async () => {
    await renderOverview(async () => overviewResponse());

    const group = await screen.findByRole('region', {
      name: `Account ${ACCOUNT_ID} · eu-west-1 · ${VPC_ID}`,
    });
    const rows = within(group).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments');
    expect(within(rows[0]).getByText('Ready')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Not ready')).toBeInTheDocument();
    expect(within(rows[1]).getByText('missing-endpoint')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('s3-route-table-missing'),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('region', {
        name: 'Account 444455556666 · us-east-1 · vpc-0ffeeddccbbaa9988',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('3 services: 1 not ready, 1 unknown, 1 ready'),
    ).toBeInTheDocument();
  });

  it('filters by verdict', async () => {
    await renderOverview(async () => overviewResponse());
    await screen.findByText('3 services: 1 not ready, 1 unknown, 1 ready');

    await chooseOption('Verdict', 'Not ready');

    expect(
      screen.getByText('1 service: 1 not ready, 0 unknown, 0 ready'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Checkout' })).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Payments' }),
    ).not.toBeInTheDocument();
    // The other VPC has no not-ready service left, so its heading goes too.
    expect(screen.queryByText(/Account 444455556666/)).not.toBeInTheDocument();
  });

  it('filters by account and by region, with the keyboard', async () => {
    await renderOverview(async () => overviewResponse());
    await screen.findByText('3 services: 1 not ready, 1 unknown, 1 ready');

    await chooseOption('Account', '444455556666');
    expect(
      screen.getByText('1 service: 0 not ready, 1 unknown, 0 ready'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Invoices' })).toHaveAttribute(
      'href',
      '/catalog/billing/component/invoices',
    );

    await chooseOption('Account', 'All accounts');
    const region = screen.getByRole('button', { name: /Region/ });
    region.focus();
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(region).toHaveTextContent('eu-west-1');
    expect(
      screen.getByText('2 services: 1 not ready, 0 unknown, 1 ready'),
    ).toBeInTheDocument();
  });

  it('shows the error when the overview cannot be read', async () => {
    await renderOverview(async () => {
      throw new Error('backend unreachable');
    });

    expect(
      (await screen.findAllByText(/backend unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('says how to link services when none is linked', async () => {
    await renderOverview(async () => ({
      groups: [],
      generatedAt: '2025-05-01T10:05:00.000Z',
    }));

    expect(
      await screen.findByText('No linked services yet'),
    ).toBeInTheDocument();
  });
});
