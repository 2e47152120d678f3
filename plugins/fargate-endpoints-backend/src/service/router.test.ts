import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CheckReport,
  EntityHistoryResponse,
  EntityReport,
  OverviewResponse,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';
import { FargateEndpointsService } from './types';

const report: CheckReport = {
  ready: true,
  verdict: 'ready',
  complete: true,
  path: 'isolated',
  target: { region: 'eu-west-1', subnetIds: [], securityGroupIds: [] },
  needs: ['ecr'],
  needSources: [],
  findings: [],
  unknown: [],
  subnets: [],
  endpoints: [],
  stoppedTasks: [],
  checkedAt: '2026-01-01T00:00:00.000Z',
};

const validCheck = {
  region: 'eu-west-1',
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  subnetIds: ['subnet-0a1b2c3d4e5f60718'],
  securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
  needs: ['ecr', 'logs'],
};

function fakeService(): jest.Mocked<FargateEndpointsService> {
  return {
    getEntityReport: jest.fn<
      Promise<EntityReport>,
      Parameters<FargateEndpointsService['getEntityReport']>
    >(async entityRef => ({
      ...report,
      entityRef,
      ageSeconds: 3,
      stale: false,
    })),
    checkNetwork: jest.fn<
      Promise<CheckReport>,
      Parameters<FargateEndpointsService['checkNetwork']>
    >(async () => report),
    getOverview: jest.fn<
      Promise<OverviewResponse>,
      Parameters<FargateEndpointsService['getOverview']>
    >(async () => ({
      groups: [],
      generatedAt: report.checkedAt,
    })),
    getEntityHistory: jest.fn<
      Promise<EntityHistoryResponse>,
      Parameters<FargateEndpointsService['getEntityHistory']>
    >(async entityRef => ({ entityRef, entries: [] })),
    assessPlan: jest.fn<
      ReturnType<FargateEndpointsService['assessPlan']>,
      Parameters<FargateEndpointsService['assessPlan']>
    >(async () => {
      throw new InputError('plan.format_version: must be a version string');
    }),
  };
}

async function app(options: {
  service?: FargateEndpointsService;
  httpAuth?: HttpAuthService;
  permissions?: PermissionsService;
}) {
  const router = await createRouter({
    service: options.service ?? fakeService(),
    httpAuth: options.httpAuth ?? mockServices.httpAuth(),
    permissions: options.permissions ?? mockServices.permissions(),
  });
  return express().use(router).use(mockErrorHandler());
}

describe('createRouter', () => {
  it('serves an entity report to a signed-in user, passing refresh and the caller on', async () => {
    const service = fakeService();
    const res = await request(await app({ service })).get(
      '/v1/entities/component/default/payments-api/report?refresh=true',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/payments-api',
      verdict: 'ready',
    });
    expect(service.getEntityReport).toHaveBeenCalledWith(
      'component:default/payments-api',
      {
        refresh: true,
        credentials: mockCredentials.user(),
      },
    );
  });

  it('rejects unauthenticated callers with 401', async () => {
    const service = fakeService();
    const server = await app({
      service,
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    for (const res of [
      await request(server).get(
        '/v1/entities/component/default/payments-api/report',
      ),
      await request(server).post('/v1/check').send(validCheck),
      await request(server).get('/v1/overview'),
    ]) {
      expect(res.status).toBe(401);
    }
    expect(service.getEntityReport).not.toHaveBeenCalled();
  });

  it('answers /health without credentials', async () => {
    const server = await app({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    const res = await request(server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('returns 403 naming the permission when the policy denies it', async () => {
    const service = fakeService();
    const server = await app({
      service,
      permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
    });
    const reportRes = await request(server).get(
      '/v1/entities/component/default/payments-api/report',
    );
    expect(reportRes.status).toBe(403);
    expect(reportRes.body.error.message).toContain(
      'fargate-endpoints.report.read',
    );
    const overviewRes = await request(server).get('/v1/overview');
    expect(overviewRes.status).toBe(403);
    expect(overviewRes.body.error.message).toContain(
      'fargate-endpoints.overview.read',
    );
    expect(service.getEntityReport).not.toHaveBeenCalled();
    expect(service.getOverview).not.toHaveBeenCalled();
  });

  it('serves an entity history behind the report permission, to the caller', async () => {
    const service = fakeService();
    const ok = await request(await app({ service })).get(
      '/v1/entities/component/default/payments-api/history?limit=5',
    );
    expect(ok.status).toBe(200);
    expect(service.getEntityHistory).toHaveBeenCalledWith(
      'component:default/payments-api',
      { credentials: mockCredentials.user(), limit: 5 },
    );

    const denied = await request(
      await app({
        service,
        permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
      }),
    ).get('/v1/entities/component/default/payments-api/history');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(
      'fargate-endpoints.report.read',
    );

    const anonymous = await request(
      await app({
        service,
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
      }),
    ).get('/v1/entities/component/default/payments-api/history');
    expect(anonymous.status).toBe(401);

    const bad = await request(await app({ service })).get(
      '/v1/entities/component/default/payments-api/history?limit=100000',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/limit: must be a whole number/);
    expect(service.getEntityHistory).toHaveBeenCalledTimes(1);
  });

  it('asks the policy for the overview permission on /v1/overview', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.ALLOW }],
    });
    const res = await request(await app({ permissions })).get('/v1/overview');
    expect(res.status).toBe(200);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'fargate-endpoints.overview.read',
          }),
        },
      ],
      { credentials: mockCredentials.user() },
    );
  });

  it('checks well-formed network input', async () => {
    const service = fakeService();
    const res = await request(await app({ service }))
      .post('/v1/check')
      .send({
        ...validCheck,
        accountId: '123456789012',
        assignPublicIp: 'DISABLED',
      });
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('ready');
    expect(service.checkNetwork).toHaveBeenCalledWith({
      ...validCheck,
      accountId: '123456789012',
      assignPublicIp: 'DISABLED',
    });
  });

  it.each([
    [{ vpcId: 'vpc-xyz' }, /vpcId: "vpc-xyz" is not a VPC id/],
    [{ region: 'moon-1' }, /region: "moon-1" is not an AWS region/],
    [{ needs: ['ecr', 'Bad Need'] }, /needs\.1: unknown need "Bad Need"/],
    [{ needs: ['ecs'] }, /needs\.0: need "ecs" is not used by Fargate/],
    [
      { subnetIds: ['subnet-1', 'subnet-0a1b2c3d4e5f60718'] },
      /subnetIds\.0: "subnet-1" is not a subnet id/,
    ],
    [{ securityGroupIds: [] }, /securityGroupIds: /],
    [
      { accountId: '1234' },
      /accountId: "1234" is not a 12-digit AWS account id/,
    ],
    [{ subnets: ['subnet-0a1b2c3d4e5f60718'] }, /Unrecognized key.*subnets/],
  ])('rejects %j with 400 naming the field', async (change, message) => {
    const service = fakeService();
    const res = await request(await app({ service }))
      .post('/v1/check')
      .send({ ...validCheck, ...change });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
    expect(service.checkNetwork).not.toHaveBeenCalled();
  });

  it('rejects a refresh flag that is not true or false', async () => {
    const res = await request(await app({})).get(
      '/v1/entities/component/default/payments-api/report?refresh=yes',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/refresh/);
  });

  it.each([
    [
      'InputError',
      new InputError('component:default/x is not linked to a Fargate service'),
      400,
    ],
    [
      'NotAllowedError',
      new NotAllowedError(
        'AWS account 999999999999 is not one this Backstage may read',
      ),
      403,
    ],
    [
      'NotFoundError',
      new NotFoundError('No entity component:default/x in the catalog'),
      404,
    ],
  ])('maps the service error %s to %i', async (_name, error, status) => {
    const service = fakeService();
    service.getEntityReport.mockRejectedValue(error);
    const res = await request(await app({ service })).get(
      '/v1/entities/component/default/x/report',
    );
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(error.message);
  });
});

describe('POST /v1/impact', () => {
  const plan = { format_version: '1.2', resource_changes: [] };

  it('passes a valid request and the caller to the service', async () => {
    const service = fakeService();
    service.assessPlan.mockResolvedValueOnce({
      impact: {} as never,
      otherAffectedServices: 0,
      markdown: 'ok',
    });
    const res = await request(await app({ service }))
      .post('/v1/impact')
      .send({ plan, region: 'eu-west-1' });
    expect(res.status).toBe(200);
    expect(service.assessPlan).toHaveBeenCalledWith(
      { plan, region: 'eu-west-1' },
      { credentials: mockCredentials.user() },
    );
  });

  it.each([
    [{}, 'plan: is required'],
    [{ plan: [] }, 'plan: must be the JSON object'],
    [{ plan, region: 'mars-1' }, 'region:'],
    [{ plan, accountId: '12' }, 'accountId:'],
    [{ plan, extra: true }, "Unrecognized key(s) in object: 'extra'"],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const service = fakeService();
    const res = await request(await app({ service }))
      .post('/v1/impact')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(service.assessPlan).not.toHaveBeenCalled();
  });

  it('answers 400 for a plan the engine rejects, 400 for broken JSON, 413 past the size bound', async () => {
    const server = await app({});
    const rejected = await request(server).post('/v1/impact').send({ plan });
    expect(rejected.status).toBe(400);
    expect(rejected.body.error.message).toContain('plan.format_version');
    const broken = await request(server)
      .post('/v1/impact')
      .set('Content-Type', 'application/json')
      .send('{"plan": ');
    expect(broken.status).toBe(400);
    const huge = await request(server)
      .post('/v1/impact')
      .send({ plan: { ...plan, padding: 'x'.repeat(11 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
  });

  it('rejects unauthenticated callers with 401', async () => {
    const res = await request(
      await app({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
      }),
    )
      .post('/v1/impact')
      .send({ plan });
    expect(res.status).toBe(401);
  });
});
