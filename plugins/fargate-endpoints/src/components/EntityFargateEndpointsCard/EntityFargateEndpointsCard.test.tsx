import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { FargateEndpointsApi, fargateEndpointsApiRef } from '../../api';
import {
  notReadyReport,
  readyReport,
  REGION,
  ROUTE_TABLE,
  SERVICE_ARN,
  unknownReport,
} from '../../testing/reportFixtures';
import { EntityFargateEndpointsCard } from './EntityFargateEndpointsCard';

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}

const linkedEntity = component({
  'aws.amazon.com/amazon-ecs-service-arn': SERVICE_ARN,
});

function mockApi(
  getEntityReport: FargateEndpointsApi['getEntityReport'],
): jest.Mocked<FargateEndpointsApi> {
  return {
    getEntityReport: jest.fn(getEntityReport),
    getOverview: jest.fn(),
    checkNetwork: jest.fn(),
  };
}

async function renderCard(
  api: FargateEndpointsApi,
  entity: Entity = linkedEntity,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[fargateEndpointsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityFargateEndpointsCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

function reportReturning(report: EntityReport) {
  return mockApi(async () => report);
}

describe('EntityFargateEndpointsCard', () => {
  it('shows a ready service as Ready with its path, age and cost', async () => {
    const api = reportReturning(readyReport());
    await renderCard(api);

    expect(await screen.findByText('Private networking')).toBeInTheDocument();
    const glance = screen.getByRole('region', { name: 'At a glance' });
    expect(within(glance).getByText('Ready')).toBeInTheDocument();
    expect(within(glance).getByTestId('status-ok')).toBeInTheDocument();
    expect(within(glance).getByText(/PrivateLink/)).toBeInTheDocument();
    expect(within(glance).getByText('3 min ago')).toBeInTheDocument();
    expect(screen.getByText('Findings (0)')).toBeInTheDocument();
    const cost = screen.getByRole('region', { name: 'Cost' });
    expect(
      within(cost).getByText(readyReport().cost!.summary),
    ).toBeInTheDocument();
    expect(within(cost).getByText(/NAT alternative/)).toHaveTextContent(
      'NAT alternative $36.50 a month for one gateway, $73.00 for one per AZ, + $0.045/GB',
    );
    expect(api.getEntityReport).toHaveBeenCalledWith(
      'component:default/payments',
    );
  });

  it('lists a not-ready service errors first, with fix, Terraform and console link', async () => {
    await renderCard(reportReturning(notReadyReport()));

    expect(await screen.findByText('Not ready')).toBeInTheDocument();
    expect(
      screen.getByText('2 errors stop tasks from starting.'),
    ).toBeInTheDocument();
    const findings = within(
      screen.getByRole('region', { name: /Findings/ }),
    ).getAllByRole('listitem');
    expect(findings.map(item => item.getAttribute('aria-label'))).toEqual([
      'error s3-route-table-missing',
      'error missing-endpoint',
      'warning endpoint-az-gap',
    ]);

    const s3 = findings[0];
    expect(
      within(s3).getByText(/Associate route table rtb-0priv1234567890ab/),
    ).toBeInTheDocument();
    expect(
      within(s3).getByText(/aws_vpc_endpoint_route_table_association/),
    ).toBeInTheDocument();
    expect(
      within(s3).getByRole('link', {
        name: new RegExp(`^Open ${ROUTE_TABLE} in the AWS console`),
      }),
    ).toHaveAttribute(
      'href',
      `https://${REGION}.console.aws.amazon.com/vpcconsole/home?region=${REGION}#RouteTableDetails:RouteTableId=${ROUTE_TABLE}`,
    );
    expect(
      within(s3).getByRole('button', { name: /copy/i }),
    ).toBeInTheDocument();
  });

  it('shows the endpoint table with an icon-and-text status per aspect', async () => {
    await renderCard(reportReturning(notReadyReport()));

    const table = await screen.findByRole('region', { name: 'Endpoints' });
    const ecrApiRow = within(table).getByText('ecr.api').closest('tr')!;
    expect(within(ecrApiRow).getByText('Fail')).toBeInTheDocument();
    expect(within(ecrApiRow).getByTestId('status-error')).toBeInTheDocument();
    const logsRow = within(table).getByText('logs').closest('tr')!;
    expect(within(logsRow).getByText('Warning')).toBeInTheDocument();
  });

  it('shows an unknown check with its reason and never says Ready', async () => {
    await renderCard(reportReturning(unknownReport()));

    const glance = await screen.findByRole('region', { name: 'At a glance' });
    expect(within(glance).getByText('Unknown')).toBeInTheDocument();
    expect(within(glance).getByTestId('status-warning')).toBeInTheDocument();
    expect(within(glance).queryByTestId('status-ok')).not.toBeInTheDocument();
    expect(screen.queryByText('Ready')).not.toBeInTheDocument();
    const notChecked = screen.getByRole('region', { name: /Not checked/ });
    expect(
      within(notChecked).getByText(
        /AccessDenied: the role is not allowed ec2:DescribeSecurityGroups/,
      ),
    ).toBeInTheDocument();
    expect(
      within(notChecked).getByText('DescribeSecurityGroups'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/could not run: this is not a pass/),
    ).toBeInTheDocument();
  });

  it('says "not deployed yet" with the network plan for a generated service, neither Ready nor an error', async () => {
    const api = reportReturning({
      ...unknownReport(),
      findings: [],
      notDeployed: {
        reason: 'the entity has no ECS service ARN yet',
        networkPlan:
          'a new isolated VPC 10.0.0.0/16 in 2 AZs; creates endpoints ecr.api, ecr.dkr, logs, s3',
        linkedBy:
          'after terraform apply, add aws.amazon.com/amazon-ecs-service-arn (the ecs_service_arn output) to catalog-info.yaml',
      },
    });
    await renderCard(
      api,
      component({
        'fargate-endpoints.io/region': REGION,
        'fargate-endpoints.io/network-plan': 'a new isolated VPC',
      }),
    );
    expect(await screen.findByText('Not deployed yet')).toBeInTheDocument();
    expect(
      screen.getByText(/a new isolated VPC 10\.0\.0\.0\/16 in 2 AZs/),
    ).toBeInTheDocument();
    expect(screen.getByText(/after terraform apply/)).toBeInTheDocument();
    expect(screen.queryByText('Ready')).not.toBeInTheDocument();
    expect(screen.queryByText('Not ready')).not.toBeInTheDocument();
    expect(screen.queryByText(/Missing Annotation/i)).not.toBeInTheDocument();
  });

  it('explains the annotations when the entity is not linked', async () => {
    const api = reportReturning(readyReport());
    await renderCard(
      api,
      component({ 'fargate-endpoints.io/region': 'eu-west-1' }),
    );

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText('aws.amazon.com/amazon-ecs-service-arn').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(
        /still missing: fargate-endpoints.io\/vpc-id, fargate-endpoints.io\/subnet-ids, fargate-endpoints.io\/security-group-ids/,
      ),
    ).toBeInTheDocument();
    expect(api.getEntityReport).not.toHaveBeenCalled();
  });

  it('shows the backend error when the report cannot be read', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message: 'account 999988887777 is not configured',
        },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    await renderCard(mockApi(async () => Promise.reject(error)));

    expect(
      (await screen.findAllByText(/account 999988887777 is not configured/))
        .length,
    ).toBeGreaterThan(0);
    expect(screen.getByText('403: NotAllowedError')).toBeInTheDocument();
    expect(screen.queryByText('Private networking')).not.toBeInTheDocument();
  });

  it('shows the stopped task error with the finding that explains it', async () => {
    await renderCard(reportReturning(notReadyReport()));

    const banner = await screen.findByRole('region', { name: 'Stopped task' });
    expect(
      within(banner).getByText(
        /^ResourceInitializationError: unable to pull secrets/,
      ),
    ).toBeInTheDocument();
    expect(
      within(banner).queryByText(
        /Please check your task network configuration/,
      ),
    ).not.toBeInTheDocument();
    expect(within(banner).getByText('missing-endpoint')).toBeInTheDocument();
    expect(within(banner).getByText('ecr.api')).toBeInTheDocument();

    await userEvent.click(
      within(banner).getByRole('button', { name: 'Show the full error' }),
    );
    expect(
      within(banner).getByText(/Please check your task network configuration/),
    ).toBeInTheDocument();
  });

  it('shows the hint when no finding explains the stopped task', async () => {
    const report = notReadyReport();
    report.stoppedTasks = [
      {
        ...report.stoppedTasks[0],
        stoppedReason:
          'ResourceInitializationError: unable to retrieve secret from asm: AccessDeniedException',
        explainedBy: undefined,
        hint: 'AccessDenied from Secrets Manager: the execution role lacks secretsmanager:GetSecretValue.',
      },
    ];
    await renderCard(reportReturning(report));

    const banner = await screen.findByRole('region', { name: 'Stopped task' });
    expect(
      within(banner).getByText(
        /execution role lacks secretsmanager:GetSecretValue/,
      ),
    ).toBeInTheDocument();
  });

  it('refreshes with refresh: true and shows the new report', async () => {
    const api = mockApi(async (_ref, options) =>
      options?.refresh ? readyReport({ ageSeconds: 0 }) : notReadyReport(),
    );
    await renderCard(api);
    expect(await screen.findByText('Not ready')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Refresh the private networking check',
      }),
    );

    await waitFor(() => expect(screen.getByText('Ready')).toBeInTheDocument());
    expect(screen.getByText('just now')).toBeInTheDocument();
    expect(api.getEntityReport).toHaveBeenLastCalledWith(
      'component:default/payments',
      {
        refresh: true,
      },
    );
  });

  it('keeps the previous report when a refresh fails', async () => {
    const api = mockApi(async (_ref, options) => {
      if (options?.refresh) throw new Error('throttled after retries');
      return notReadyReport();
    });
    await renderCard(api);
    expect(await screen.findByText('Not ready')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Refresh the private networking check',
      }),
    );

    expect(
      await screen.findByText(/Refresh failed; showing the previous report/),
    ).toBeInTheDocument();
    expect(screen.getByText('Not ready')).toBeInTheDocument();
  });

  it('labels a stale report', async () => {
    await renderCard(
      reportReturning(readyReport({ stale: true, ageSeconds: 7200 })),
    );

    expect(await screen.findByText('2 h ago')).toBeInTheDocument();
    expect(
      screen.getByText(/stale: the last refresh failed/),
    ).toBeInTheDocument();
  });

  it('describes a mixed path subnet by subnet', async () => {
    const report = readyReport({ path: 'mixed' });
    report.subnets[1] = {
      ...report.subnets[1],
      path: 'nat',
      defaultRouteTarget: 'nat-0123',
    };
    await renderCard(reportReturning(report));

    const glance = await screen.findByRole('region', { name: 'At a glance' });
    expect(
      within(glance).getByText(/Mixed: the task subnets differ/),
    ).toBeInTheDocument();
    const subnets = within(glance).getAllByRole('listitem');
    expect(subnets[0]).toHaveTextContent('(eu-west-1a): PrivateLink');
    expect(subnets[1]).toHaveTextContent('(eu-west-1b): NAT gateway');
  });
});
