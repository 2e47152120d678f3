import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FargateEndpointsApi, fargateEndpointsApiRef } from '../../api';
import {
  ACCOUNT_ID,
  overviewResponse,
  overviewService,
  VPC_ID,
} from '../../testing/reportFixtures';
import { FargateEndpointsOverviewContent } from './FargateEndpointsOverviewContent';

function renderOverview(
  getOverview: FargateEndpointsApi['getOverview'],
  routeEntries: string[] = ['/'],
) {
  const api: FargateEndpointsApi = {
    getOverview: jest.fn(getOverview),
    getEntityReport: jest.fn(),
    checkNetwork: jest.fn(),
  };
  return renderInTestApp(
    <TestApiProvider apis={[[fargateEndpointsApiRef, api]]}>
      <FargateEndpointsOverviewContent />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries,
    },
  );
}

async function chooseOption(label: string, option: string) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(label) }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('FargateEndpointsOverviewContent', () => {
  it('groups services by VPC, worst first, naming what fails instead of rule ids', async () => {
    await renderOverview(async () => overviewResponse());

    const group = await screen.findByRole('region', {
      name: `Account ${ACCOUNT_ID} · eu-west-1 · ${VPC_ID}`,
    });
    const rows = within(group)
      .getAllByRole('listitem')
      .filter(item => item.parentElement?.parentElement === group);
    expect(rows).toHaveLength(2);
    // Not ready before ready.
    expect(
      within(rows[0]).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    expect(within(rows[0]).getByText('Not ready')).toBeInTheDocument();
    const fails = within(rows[0]).getByRole('list', { name: 'What fails' });
    expect(
      within(fails)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'no ecr.api endpoint',
      'S3 route missing on rtb-0priv1234567890ab',
    ]);
    expect(screen.queryByText('missing-endpoint')).not.toBeInTheDocument();
    expect(within(rows[1]).getByText('Ready')).toBeInTheDocument();
    // No column of zero counts.
    expect(screen.queryByText(/0 errors/)).not.toBeInTheDocument();

    // The VPC with a not-ready service comes before the one with only an unknown one.
    const headings = screen
      .getAllByRole('heading', { level: 2 })
      .map(h => h.textContent);
    expect(headings).toEqual([
      `Account ${ACCOUNT_ID} · eu-west-1 · ${VPC_ID}`,
      'Account 444455556666 · us-east-1 · vpc-0ffeeddccbbaa9988',
    ]);
    expect(
      screen.getByText('3 services: 1 not ready, 1 unknown, 1 ready'),
    ).toBeInTheDocument();
  });

  it('puts an unknown VPC before a ready one', async () => {
    const overview = overviewResponse();
    overview.groups[0].services = overview.groups[0].services.filter(
      s => s.verdict === 'ready',
    );
    await renderOverview(async () => overview);

    await screen.findByText('2 services: 0 not ready, 1 unknown, 1 ready');
    expect(
      screen.getAllByRole('heading', { level: 2 }).map(h => h.textContent),
    ).toEqual([
      'Account 444455556666 · us-east-1 · vpc-0ffeeddccbbaa9988',
      `Account ${ACCOUNT_ID} · eu-west-1 · ${VPC_ID}`,
    ]);
  });

  it('shows a generated service that is not deployed yet as such, with what links it, after the problems', async () => {
    const overview = overviewResponse();
    overview.groups.push({
      accountId: ACCOUNT_ID,
      region: 'eu-west-1',
      vpcId: 'unknown',
      services: [
        {
          entityRef: 'component:default/new-api',
          verdict: 'unknown',
          path: 'unknown',
          counts: { error: 0, warning: 0, info: 0, unknown: 3 },
          errorRules: [],
          notDeployed: {
            reason: 'the ECS service is not in the cluster yet',
            networkPlan: 'a new isolated VPC 10.40.0.0/16 in 2 AZs',
            linkedBy:
              'after `terraform apply` the pipeline writes the VPC, subnet and security group ids into catalog-info.yaml',
          },
        },
      ],
    });
    await renderOverview(async () => overview);

    const group = await screen.findByRole('region', {
      name: `Account ${ACCOUNT_ID} · eu-west-1 · VPC not created yet`,
    });
    expect(within(group).getByText('Not deployed yet')).toBeInTheDocument();
    expect(
      within(group).getByText(/after `terraform apply` the pipeline writes/),
    ).toBeInTheDocument();
    expect(
      within(group).getByText(
        'Planned: a new isolated VPC 10.40.0.0/16 in 2 AZs',
      ),
    ).toBeInTheDocument();
    // Not "3 checks could not run", not "VPC unknown".
    expect(within(group).queryByText(/could not run/)).not.toBeInTheDocument();
    expect(screen.queryByText(/VPC unknown/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        '4 services: 1 not ready, 1 unknown, 1 ready, 1 not deployed yet',
      ),
    ).toBeInTheDocument();
    // After the unknown VPC, before nothing worse: last of the three groups.
    expect(
      screen.getAllByRole('heading', { level: 2 }).map(h => h.textContent),
    ).toEqual([
      `Account ${ACCOUNT_ID} · eu-west-1 · ${VPC_ID}`,
      'Account 444455556666 · us-east-1 · vpc-0ffeeddccbbaa9988',
      `Account ${ACCOUNT_ID} · eu-west-1 · VPC not created yet`,
    ]);
  });

  it('reads the filters from the URL', async () => {
    await renderOverview(
      async () => overviewResponse(),
      ['/?verdict=unknown&region=us-east-1'],
    );

    expect(
      await screen.findByText('1 service: 0 not ready, 1 unknown, 0 ready'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Verdict/ })).toHaveTextContent(
      'Unknown',
    );
    expect(screen.getByRole('link', { name: 'Invoices' })).toBeInTheDocument();
  });

  it('sorts by the most recent break, kept in the URL, and says since when', async () => {
    const overview = overviewResponse();
    const [euGroup, usGroup] = overview.groups;
    const checkout = euGroup.services.find(s => s.verdict === 'not-ready')!;
    checkout.notReadySince = '2026-12-01T03:12:00Z';
    usGroup.services[0] = {
      ...usGroup.services[0],
      verdict: 'not-ready',
      notReadySince: '2026-12-03T09:00:00Z',
    };
    await renderOverview(async () => overview);

    const headings = async () =>
      (await screen.findAllByRole('heading', { level: 2 })).map(h =>
        h.textContent?.includes('us-east-1') ? 'us' : 'eu',
      );
    // Worst first: a tie, so the backend's order (eu-west-1 first).
    expect(await headings()).toEqual(['eu', 'us']);
    expect(
      screen.getAllByText((_, el) =>
        /^Not ready since \d+ \S+ ago \(\w+ \d+, \d{4}, \d\d:\d\d \S+\)$/.test(
          el?.tagName === 'P' ? el.textContent ?? '' : '',
        ),
      ),
    ).toHaveLength(2);

    await chooseOption('Sort', 'Broke most recently');
    expect(await headings()).toEqual(['us', 'eu']);
    expect(screen.getByRole('button', { name: /Sort/ })).toHaveTextContent(
      'Broke most recently',
    );
  });

  it('says so, with a way back, when no service matches the filters', async () => {
    await renderOverview(
      async () => overviewResponse(),
      ['/?verdict=not-ready&account=444455556666'],
    );

    expect(
      await screen.findByText('No service matches these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all services' }),
    );
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

  it('counts a pre-flight apart from the outages, and gives each service its owner and the way to its fix', async () => {
    const overview = overviewResponse();
    overview.groups[0].services.push(
      overviewService({
        entityRef: 'component:default/checkout-preview',
        title: 'Checkout preview',
        verdict: 'not-ready',
        serviceArn: undefined,
        owner: 'team-payments',
        counts: { error: 1, warning: 0, info: 0, unknown: 0 },
        errorRules: ['missing-endpoint'],
        errorHeadlines: ['no ssm endpoint'],
      }),
    );
    const checkout = overview.groups[0].services[1];
    checkout.owner = 'group:default/team-checkout';
    checkout.fixTemplatePath =
      '/templates/default/fix-vpc-endpoints?formData=%7B%7D';
    await renderOverview(async () => overview);

    expect(
      await screen.findByText(
        '4 services: 1 not ready, 1 unknown, 1 ready, 1 pre-flight (not running yet)',
      ),
    ).toBeInTheDocument();
    const preview = screen
      .getByRole('link', { name: 'Checkout preview' })
      .closest('li')!;
    expect(
      within(preview).getByText('Pre-flight: a task would not start yet'),
    ).toBeInTheDocument();
    expect(within(preview).queryByText('Not ready')).not.toBeInTheDocument();
    expect(
      within(preview).getByRole('link', { name: 'team-payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');

    const row = screen.getByRole('link', { name: 'Checkout' }).closest('li')!;
    expect(
      within(row).getByRole('link', { name: 'team-checkout' }),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('button', {
        name: 'Add the missing endpoints for Checkout',
      }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/fix-vpc-endpoints?formData=%7B%7D',
    );

    await chooseOption('Verdict', 'Not ready');
    expect(
      screen.queryByRole('link', { name: 'Checkout preview' }),
    ).not.toBeInTheDocument();
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
