import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { FargateEndpointsApi, fargateEndpointsApiRef } from '../../api';
import {
  ACCOUNT_ID,
  interfaceEndpoint,
  notReadyReport,
  s3GatewayEndpoint,
  readyReport,
  REGION,
  ROUTE_TABLE,
  SERVICE_ARN,
  SUBNET_A,
  SUBNET_B,
  TASK_SG,
  unknownReport,
  VPC_ID,
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

function verdict() {
  return screen.getByTestId('fargate-endpoints-verdict');
}

describe('EntityFargateEndpointsCard', () => {
  it('says Ready in one line, with the tasks, console links, path, age and cost', async () => {
    const api = reportReturning(readyReport());
    await renderCard(api);

    expect(
      await screen.findByTestId('fargate-endpoints-verdict'),
    ).toHaveTextContent(
      'Ready: every needed AWS service is reachable from the task subnets',
    );
    expect(within(verdict()).getByTestId('status-ok')).toBeInTheDocument();
    const header = screen.getByRole('region', { name: 'Service' });
    expect(within(header).getByText('2 of 2 running')).toBeInTheDocument();
    expect(
      within(header).getByRole('link', { name: /^ECS service/ }),
    ).toHaveAttribute(
      'href',
      `https://console.aws.amazon.com/ecs/v2/clusters/prod/services/payments/health?region=${REGION}`,
    );
    expect(
      within(header).getByRole('link', {
        name: /^CloudWatch logs \/ecs\/payments/,
      }),
    ).toHaveAttribute(
      'href',
      `https://console.aws.amazon.com/cloudwatch/home?region=${REGION}#logsV2:log-groups/log-group/$252Fecs$252Fpayments`,
    );
    expect(
      within(header).getByRole('link', {
        name: new RegExp(`^VPC ${VPC_ID} in the AWS console`),
      }),
    ).toHaveAttribute(
      'href',
      `https://console.aws.amazon.com/vpcconsole/home?region=${REGION}#VpcDetails:VpcId=${VPC_ID}`,
    );
    expect(within(header).getByText(/PrivateLink/)).toBeInTheDocument();
    // Relative, then the date, time and zone.
    expect(
      within(header).getByText(/^3 min ago \(\w+ \d+, \d{4}, \d\d:\d\d \S+\)$/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Findings/)).not.toBeInTheDocument();
    // The cost, once, with the region its prices are for.
    const cost = screen.getByLabelText('Cost');
    expect(cost).toHaveTextContent(
      'interface endpoints about $43.80 a month (6 endpoint-AZs) + $0.01/GB; one NAT gateway instead $36.50 a month ($73.00 for one per AZ) + $0.045/GB. Before traffic, at us-east-1 list prices; eu-west-1 prices differ.',
    );
    expect(screen.getAllByText(/\$43\.80/)).toHaveLength(1);
    expect(api.getEntityReport).toHaveBeenCalledWith(
      'component:default/payments',
    );
  });

  it('names the failing endpoints in the verdict and lists findings errors first, each opening to a copyable fix', async () => {
    await renderCard(reportReturning(notReadyReport()));

    expect(
      await screen.findByTestId('fargate-endpoints-verdict'),
    ).toHaveTextContent(
      `Not ready: S3 route missing on ${ROUTE_TABLE}; no ecr.api endpoint`,
    );
    const findings = within(
      screen.getByRole('region', { name: /All findings/ }),
    ).getAllByRole('listitem');
    expect(findings.map(item => item.getAttribute('aria-label'))).toEqual([
      `Blocks start: S3 route missing on ${ROUTE_TABLE}`,
      'Blocks start: No ecr.api endpoint',
      'Warning: Logs endpoint misses an AZ the tasks use',
    ]);

    const s3 = findings[0];
    // Closed: only the title.
    expect(
      within(s3).queryByText(/aws_vpc_endpoint_route_table_association/),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(s3).getByRole('button', { name: /S3 route missing/ }),
    );
    const details = within(s3).getByRole('region');
    // The steps in words, the command on its own to copy, and the Terraform.
    expect(
      within(details).getByText(/Manage route tables\.$/),
    ).toBeInTheDocument();
    expect(within(details).getByText('AWS CLI')).toBeInTheDocument();
    expect(
      within(details).getByText(
        `aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0s3gw1234567890ab --add-route-table-ids ${ROUTE_TABLE}`,
      ),
    ).toBeInTheDocument();
    expect(
      within(details).getByText(/aws_vpc_endpoint_route_table_association/),
    ).toBeInTheDocument();
    expect(
      within(details).getByRole('button', { name: 'Copy the AWS CLI' }),
    ).toBeInTheDocument();
    expect(
      within(details).getByRole('button', { name: 'Copy the Terraform' }),
    ).toBeInTheDocument();
    expect(
      within(details).getByRole('link', {
        name: new RegExp(`^Open ${ROUTE_TABLE} in the AWS console`),
      }),
    ).toHaveAttribute(
      'href',
      `https://console.aws.amazon.com/vpcconsole/home?region=${REGION}#RouteTableDetails:RouteTableId=${ROUTE_TABLE}`,
    );
  });

  it('offers "Add the missing endpoints to this VPC", opening the fix template with the form filled from the report', async () => {
    await renderCard(reportReturning(notReadyReport()));

    // A link styled as a button (MUI gives it role="button").
    const action = await screen.findByRole('button', {
      name: 'Add the missing endpoints to this VPC',
    });
    const href = new URL(action.getAttribute('href')!, 'http://portal');
    expect(href.pathname).toBe('/create/templates/default/fix-vpc-endpoints');
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      name: 'payments-vpc-endpoints',
      region: REGION,
      accountId: ACCOUNT_ID,
      vpcId: VPC_ID,
      subnetIds: [SUBNET_A, SUBNET_B],
      securityGroupIds: [TASK_SG],
      needs: ['ecr', 'logs'],
      entityRef: 'component:default/payments',
      plannedChanges: `Associates ${ROUTE_TABLE} with the S3 gateway; adds the ecr.api endpoint.`,
    });
    // Two of the three findings are errors the template fixes; the AZ gap is a warning.
    expect(
      screen.getByText(/Terraform for the 2 errors it can fix/),
    ).toBeInTheDocument();
  });

  it('offers no VPC fix when the report is ready, or its errors are not ones the template fixes', async () => {
    const { unmount } = await renderCard(reportReturning(readyReport()));
    await screen.findByTestId('fargate-endpoints-verdict');
    expect(
      screen.queryByRole('button', { name: /Add the missing endpoints/ }),
    ).not.toBeInTheDocument();
    unmount();

    await renderCard(
      reportReturning(
        notReadyReport({
          findings: [
            {
              rule: 'private-dns-disabled',
              severity: 'error',
              service: 'ecr.api',
              resourceId: 'vpce-0ecrapi1234567890',
              message: 'The ecr.api endpoint has private DNS off.',
              fix: 'Turn private DNS on.',
            },
          ],
        }),
      ),
    );
    await screen.findByTestId('fargate-endpoints-verdict');
    expect(
      screen.queryByRole('button', { name: /Add the missing endpoints/ }),
    ).not.toBeInTheDocument();
  });

  it('does not offer a fix for an info finding', async () => {
    const report = readyReport({
      path: 'nat',
      findings: [
        {
          rule: 'nat-egress',
          severity: 'info',
          message: 'Tasks reach AWS through nat-0123.',
          fix: 'Nothing to fix. To cut NAT traffic, add the S3 gateway endpoint (free).',
        },
      ],
    });
    await renderCard(reportReturning(report));

    const item = await screen.findByRole('listitem', {
      name: 'Note: Tasks reach AWS through a NAT gateway',
    });
    await userEvent.click(within(item).getByRole('button'));
    expect(within(item).queryByText(/Nothing to fix/)).not.toBeInTheDocument();
    expect(within(item).queryByText('Fix:')).not.toBeInTheDocument();
    expect(
      within(item).getByText(/To cut NAT traffic, add the S3 gateway endpoint/),
    ).toBeInTheDocument();
  });

  it('says which hub endpoint serves a service the VPC shares, and through which zone or Profile', async () => {
    const shared = (service: string, sharedFrom: object) =>
      interfaceEndpoint(service, {
        endpointId: undefined,
        state: undefined,
        subnetIds: [],
        securityGroupIds: [],
        sharedFrom: {
          name: `${service}.eu-west-1.amazonaws.com`,
          accountId: '222222222222',
          ...sharedFrom,
        },
      });
    await renderCard(
      reportReturning(
        readyReport({
          endpoints: [
            shared('ecr.api', {
              zone: 'api.ecr.eu-west-1.amazonaws.com',
              endpointId: 'vpce-0aa11bb22cc33dd44',
            }),
            shared('logs', {
              profileId: 'rp-0123456789abcdef',
              endpointId: 'vpce-0ee55ff66aa77bb88',
            }),
            s3GatewayEndpoint(),
          ],
          cost: {
            ...readyReport().cost!,
            interfaceEndpointAzHours: 0,
            endpointsMonthly: 0,
            sharedInterfaceEndpoints: 2,
          },
        }),
      ),
    );

    const list = await screen.findByRole('region', { name: /Endpoints/ });
    // Every endpoint is fine: one line, the rows one click away.
    expect(
      within(list).getByText('Fine: 3 endpoints (ecr.api, logs, s3)'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(list).getByRole('button', { name: 'Show details' }),
    );
    // The hub pays for its endpoints: no "$0.00 a month" set against a NAT gateway.
    expect(screen.getByLabelText('Cost')).toHaveTextContent(
      'Cost: no interface endpoint of its own to pay for: it uses 2 interface endpoints shared from a hub VPC, whose account pays for them. The S3 gateway endpoint is free.',
    );
    const ecrApi = within(list).getByRole('listitem', {
      name: 'Endpoint ecr.api',
    });
    expect(within(ecrApi).getByText('Ready')).toBeInTheDocument();
    expect(ecrApi).toHaveTextContent(
      /hub endpoint vpce-0aa11bb22cc33dd44 \(account 222222222222\) via zone api\.ecr\.eu-west-1\.amazonaws\.com/,
    );
    expect(within(ecrApi).queryByText(/no endpoint/)).not.toBeInTheDocument();
    const logs = within(list).getByRole('listitem', { name: 'Endpoint logs' });
    expect(logs).toHaveTextContent(/via Route 53 Profile rp-0123456789abcdef/);
  });

  it('lists what the task definition needs besides endpoints, each in the verdict words', async () => {
    await renderCard(
      reportReturning(
        readyReport({
          dependencies: [
            {
              kind: 'efs-volume',
              id: 'fs-0123456789abcdef0',
              label: 'EFS file system fs-0123456789abcdef0',
              status: 'ok',
              detail:
                'a mount target in each AZ of the task subnets (eu-west-1a, eu-west-1b); NFS (TCP 2049) open both ways',
              rules: ['efs-mount-target-missing', 'efs-nfs-blocked'],
            },
            {
              kind: 'cross-account-image',
              id: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/platform/image-tools:3',
              label:
                'image 222222222222.dkr.ecr.eu-west-1.amazonaws.com/platform/image-tools:3',
              status: 'warn',
              detail:
                "An image in another account's registry: its repository policy could not be read, so what to verify is listed",
              rules: ['cross-account-image-denied'],
            },
          ],
        }),
      ),
    );

    const list = await screen.findByRole('region', {
      name: /Also needed \(2\)/,
    });
    // The image that could not be verified is shown; the EFS volume that holds is one click away.
    expect(
      within(list).getByRole('listitem', { name: /image-tools:3$/ }),
    ).toBeInTheDocument();
    expect(
      within(list).queryByRole('listitem', {
        name: 'EFS file system fs-0123456789abcdef0',
      }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(list).getByRole('button', { name: 'Show details' }),
    );
    const efs = within(list).getByRole('listitem', {
      name: 'EFS file system fs-0123456789abcdef0',
    });
    expect(within(efs).getByText('Ready')).toBeInTheDocument();
    expect(
      within(efs).getByText(/NFS \(TCP 2049\) open both ways/),
    ).toBeInTheDocument();
    const image = within(list).getByRole('listitem', {
      name: /image-tools:3$/,
    });
    // Not verified is a warning on a Ready row, never a failure.
    expect(within(image).getByText('Ready')).toBeInTheDocument();
    expect(
      within(image).getByText('image in another account'),
    ).toBeInTheDocument();
  });

  it('shows no "Also needed" section when the report has none (or predates it)', async () => {
    await renderCard(reportReturning(readyReport()));
    await screen.findByRole('region', { name: /Endpoints/ });
    expect(
      screen.queryByRole('region', { name: /Also needed/ }),
    ).not.toBeInTheDocument();
  });

  it('lists endpoints with their state in the verdict words and why each is needed', async () => {
    await renderCard(reportReturning(notReadyReport()));

    const list = await screen.findByRole('region', { name: /Endpoints/ });
    const ecrApi = within(list).getByRole('listitem', {
      name: 'Endpoint ecr.api',
    });
    expect(within(ecrApi).getByText('Not ready')).toBeInTheDocument();
    expect(within(ecrApi).getByTestId('status-error')).toBeInTheDocument();
    expect(within(ecrApi).getByText(/no endpoint/)).toBeInTheDocument();
    // Why it is needed, once for the endpoints that share the reason.
    expect(
      within(list).getAllByText(
        "Needed: container app pulls from this region's private ECR",
      ),
    ).toHaveLength(1);
    const logs = within(list).getByRole('listitem', { name: 'Endpoint logs' });
    expect(within(logs).getByText('Ready')).toBeInTheDocument();
    expect(within(logs).getByTestId('status-warning')).toBeInTheDocument();
    expect(within(logs).getByText('AZ coverage warning')).toBeInTheDocument();
    expect(
      within(list).getByText(
        'Needed: container app uses the awslogs log driver',
      ),
    ).toBeInTheDocument();
    // One vocabulary: no Fail, no Error.
    expect(screen.queryByText('Fail')).not.toBeInTheDocument();
    expect(screen.queryByText('Error')).not.toBeInTheDocument();
  });

  it('shows an unknown check with its reason and never says Ready', async () => {
    await renderCard(reportReturning(unknownReport()));

    expect(
      await screen.findByTestId('fargate-endpoints-verdict'),
    ).toHaveTextContent('Unknown: could not check security groups');
    expect(within(verdict()).getByTestId('status-warning')).toBeInTheDocument();
    expect(
      within(verdict()).queryByTestId('status-ok'),
    ).not.toBeInTheDocument();
    const notChecked = screen.getByRole('region', { name: /Not checked/ });
    expect(
      within(notChecked).getByText(
        /AccessDenied: the role is not allowed ec2:DescribeSecurityGroups/,
      ),
    ).toBeInTheDocument();
    expect(
      within(notChecked).getByText(/DescribeSecurityGroups\)/),
    ).toBeInTheDocument();
    // Interface endpoints have security groups, which could not be read.
    const list = screen.getByRole('region', { name: /Endpoints/ });
    const ecrApi = within(list).getByRole('listitem', {
      name: 'Endpoint ecr.api',
    });
    expect(within(ecrApi).getByText('Unknown')).toBeInTheDocument();
    expect(
      within(ecrApi).getByText('security groups not checked'),
    ).toBeInTheDocument();
    expect(within(ecrApi).queryByText('Ready')).not.toBeInTheDocument();
  });

  it('shows a skeleton inside the titled card while the report loads', async () => {
    let resolve: (report: EntityReport) => void = () => {};
    await renderCard(
      mockApi(() => new Promise<EntityReport>(r => (resolve = r))),
    );

    expect(screen.getByText('Private networking')).toBeInTheDocument();
    expect(screen.getByTestId('fargate-endpoints-loading')).toBeInTheDocument();
    resolve(readyReport());
    expect(
      await screen.findByTestId('fargate-endpoints-verdict'),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('fargate-endpoints-loading'),
    ).not.toBeInTheDocument();
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
    let calls = 0;
    const api = mockApi(async () => {
      calls += 1;
      if (calls === 1) throw error;
      return readyReport();
    });
    await renderCard(api);

    const alert = await screen.findByRole('alert');
    expect(screen.getByText('Private networking')).toBeInTheDocument();
    expect(
      within(alert).getByText('Could not check private networking'),
    ).toBeInTheDocument();
    expect(
      within(alert).getByText('account 999988887777 is not configured'),
    ).toBeInTheDocument();
    expect(within(alert).getByText('403: NotAllowedError')).toBeInTheDocument();

    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByTestId('fargate-endpoints-verdict'),
    ).toHaveTextContent(/^Ready/);
    expect(api.getEntityReport).toHaveBeenCalledTimes(2);
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
    expect(within(banner).getByText('No ecr.api endpoint')).toBeInTheDocument();

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

  it("shows the last stopped task's error when it is not a networking one", async () => {
    const report = readyReport({
      stoppedTasks: [
        {
          taskArn: `arn:aws:ecs:${REGION}:111122223333:task/prod/0123`,
          stoppedReason: 'Essential container in task exited',
          hint: "Not a start-up network error the checker recognises for eu-west-1: look at the container's exit code and logs, or the service events.",
        },
      ],
    });
    await renderCard(reportReturning(report));

    const banner = await screen.findByRole('region', { name: 'Stopped task' });
    expect(
      within(banner).getByText('The last task stopped'),
    ).toBeInTheDocument();
    expect(
      within(banner).getByText('Essential container in task exited'),
    ).toBeInTheDocument();
    expect(within(banner).getByText(/exit code and logs/)).toBeInTheDocument();
  });

  it('refreshes with refresh: true and shows the new report', async () => {
    const api = mockApi(async (_ref, options) =>
      options?.refresh ? readyReport({ ageSeconds: 0 }) : notReadyReport(),
    );
    await renderCard(api);
    expect(
      await screen.findByTestId('fargate-endpoints-verdict'),
    ).toHaveTextContent(/^Not ready/);

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Refresh the private networking check',
      }),
    );

    await waitFor(() => expect(verdict()).toHaveTextContent(/^Ready/));
    expect(screen.getByText(/^just now \(/)).toBeInTheDocument();
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
    expect(
      await screen.findByTestId('fargate-endpoints-verdict'),
    ).toHaveTextContent(/^Not ready/);

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Refresh the private networking check',
      }),
    );

    expect(
      await screen.findByText(/Refresh failed; showing the previous report/),
    ).toBeInTheDocument();
    expect(screen.getByText('throttled after retries')).toBeInTheDocument();
    expect(verdict()).toHaveTextContent(/^Not ready/);
  });

  it('says why a stale report is stale and how old it is', async () => {
    await renderCard(
      reportReturning(
        readyReport({
          stale: true,
          ageSeconds: 7200,
          checkedAt: new Date(Date.now() - 7200_000).toISOString(),
          staleReason: 'throttled after 3 attempts (DescribeVpcEndpoints)',
          staleSince: new Date(Date.now() - 5 * 60_000).toISOString(),
        }),
      ),
    );

    expect(await screen.findByText(/^2 h ago \(/)).toBeInTheDocument();
    expect(
      screen.getByText(
        'Stale: the last refresh failed 5 min ago: throttled after 3 attempts (DescribeVpcEndpoints). Showing what AWS said 2 h ago.',
      ),
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

    const glance = await screen.findByRole('region', { name: 'Service' });
    expect(
      within(glance).getByText(/Mixed: the task subnets differ/),
    ).toBeInTheDocument();
    const subnets = within(glance).getAllByRole('listitem');
    expect(subnets[0]).toHaveTextContent('(eu-west-1a): PrivateLink');
    expect(subnets[1]).toHaveTextContent('(eu-west-1b): NAT gateway');
  });
});
