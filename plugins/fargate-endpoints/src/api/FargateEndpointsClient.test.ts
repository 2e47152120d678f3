import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { FargateEndpointsClient } from './FargateEndpointsClient';
import { overviewResponse, readyReport } from '../testing/reportFixtures';

const baseUrl = 'http://backstage.test/api/fargate-endpoints';

describe('FargateEndpointsClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new FargateEndpointsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: new MockFetchApi(),
  });

  it('reads an entity report by kind, namespace and name', async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name/report`,
        ({ request }) => {
          seen.push(request.url);
          return HttpResponse.json(readyReport());
        },
      ),
    );

    const report = await client.getEntityReport('component:default/payments');

    expect(report.verdict).toBe('ready');
    expect(seen).toEqual([
      `${baseUrl}/v1/entities/component/default/payments/report`,
    ]);
  });

  it('asks for a fresh read with refresh=true and accepts a compound ref', async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name/report`,
        ({ request }) => {
          seen.push(request.url);
          return HttpResponse.json(readyReport());
        },
      ),
    );

    await client.getEntityReport(
      { kind: 'component', namespace: 'team a', name: 'payments' },
      { refresh: true },
    );

    expect(seen).toEqual([
      `${baseUrl}/v1/entities/component/team%20a/payments/report?refresh=true`,
    ]);
  });

  it('reads the overview', async () => {
    server.use(
      http.get(`${baseUrl}/v1/overview`, () =>
        HttpResponse.json(overviewResponse()),
      ),
    );

    const overview = await client.getOverview();

    expect(overview.groups).toHaveLength(2);
  });

  it('posts a network check as JSON', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/v1/check`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(readyReport());
      }),
    );
    const request = {
      region: 'eu-west-1',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: ['subnet-0aa11bb22cc33dd44'],
      securityGroupIds: ['sg-0task1234567890abc'],
      needs: ['ecr', 'logs'],
    };

    const report = await client.checkNetwork(request);

    expect(body).toEqual(request);
    expect(report.ready).toBe(true);
  });

  it('throws a ResponseError carrying the backend error', async () => {
    server.use(
      http.get(`${baseUrl}/v1/overview`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'not allowed to read the overview',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    const failure = client.getOverview();

    await expect(failure).rejects.toBeInstanceOf(ResponseError);
    await expect(failure).rejects.toMatchObject({
      statusCode: 403,
      cause: { name: 'NotAllowedError' },
    });
  });
});
