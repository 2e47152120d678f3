import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { fargateEndpointsApiRef } from '../../api';
import {
  interfaceEndpoint,
  notReadyReport,
  readyReport,
  ROUTE_TABLE,
  SERVICE_ARN,
} from '../../testing/reportFixtures';
import { EntityFargateEndpointsCard } from './EntityFargateEndpointsCard';

// What the card says before anyone scrolls or opens anything: the verdict, the first cause
// with its fix, and nothing that contradicts itself.

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'aws.amazon.com/amazon-ecs-service-arn': SERVICE_ARN },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

async function renderReport(report: EntityReport) {
  const api = {
    getEntityReport: jest.fn(async () => report),
    getOverview: jest.fn(),
    checkNetwork: jest.fn(),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[fargateEndpointsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityFargateEndpointsCard />
      </EntityProvider>
    </TestApiProvider>,
  );
  return screen.findByTestId('fargate-endpoints-verdict');
}

const natEndpoint = (service: string) =>
  interfaceEndpoint(service, {
    endpointId: undefined,
    state: undefined,
    subnetIds: [],
    availabilityZones: [],
    securityGroupIds: [],
    policy: 'none',
    checks: {
      present: 'n/a',
      privateDns: 'n/a',
      securityGroups: 'n/a',
      routeTables: 'n/a',
      azCoverage: 'n/a',
      policy: 'n/a',
    },
  });

describe('EntityFargateEndpointsCard at a glance', () => {
  it('puts the first cause and its fix under the verdict, with the fix button, nothing folded', async () => {
    await renderReport(notReadyReport());
    const first = screen.getByTestId('fargate-endpoints-first-fix');
    expect(first).toHaveTextContent(
      `First of 2 causes: S3 route missing on ${ROUTE_TABLE}`,
    );
    expect(first).toHaveTextContent(/Fix: .*route table/i);
    expect(
      within(first).getByRole('button', {
        name: /Add the missing endpoints to this VPC/,
      }),
    ).toBeInTheDocument();
    // The id in the verdict sits whole in a box of its own.
    const verdict = screen.getByTestId('fargate-endpoints-verdict');
    expect(
      [...verdict.querySelectorAll('[data-aws-token]')].map(e => e.textContent),
    ).toEqual([ROUTE_TABLE]);
  });

  it('reads a network without a running service as a pre-flight, not an outage', async () => {
    const verdict = await renderReport(
      notReadyReport({
        target: {
          ...notReadyReport().target,
          serviceArn: undefined,
          desiredCount: undefined,
          runningCount: undefined,
        },
        stoppedTasks: [],
      }),
    );
    expect(verdict).toHaveTextContent(
      `Pre-flight: a task started in this network would not start yet: S3 route missing on ${ROUTE_TABLE}; no ecr.api endpoint`,
    );
    expect(within(verdict).queryByTestId('status-error')).toBeNull();
    expect(
      screen.getByText(/none yet: a pre-flight of the network/),
    ).toBeInTheDocument();
  });

  it('shows NAT rows as reached through the NAT gateway and does not offer a NAT instead', async () => {
    await renderReport(
      readyReport({
        path: 'nat',
        endpoints: [natEndpoint('ecr.api'), natEndpoint('logs')],
      }),
    );
    const list = screen.getByRole('region', { name: /Endpoints/ });
    // The summary says how they are reached; the rows say it too.
    expect(list).toHaveTextContent(
      'No endpoint, reached through the NAT gateway: ecr.api, logs',
    );
    await userEvent.click(
      within(list).getByRole('button', { name: 'Show details' }),
    );
    expect(list).toHaveTextContent(
      /Via NAT.*ecr\.api.*no endpoint: reached through the NAT gateway/,
    );
    expect(within(list).queryByText('Ready')).toBeNull();
    const cost = screen.getByLabelText('Cost');
    expect(cost).toHaveTextContent(/its NAT gateway about \$36\.50 a month/);
    expect(cost).not.toHaveTextContent(/NAT gateway instead/);
  });

  it('says when fewer tasks run than ECS wants and none is starting', async () => {
    await renderReport(
      readyReport({
        target: { ...readyReport().target, desiredCount: 2, runningCount: 1 },
      }),
    );
    expect(screen.getByTestId('fargate-endpoints-shortfall')).toHaveTextContent(
      '1 task short and none starting',
    );
  });

  it('says what fails on an endpoint as a phrase, not "fails"', async () => {
    await renderReport(notReadyReport());
    const list = screen.getByRole('region', { name: /Endpoints/ });
    expect(list).toHaveTextContent('route table association missing');
    expect(list).not.toHaveTextContent(/\bfails\b/);
  });
});
