import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  fargateEndpointsOverviewReadPermission,
  fargateEndpointsReportReadPermission,
  NetworkCheckRequest,
  validateAccountId,
  validateAwsId,
  validateNeed,
  validateRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { requirePermission } from './authorize';
import { CallerBudget } from './callerBudget';
import { entityRefParamsSchema, parse } from './inputs';
import { FargateEndpointsService } from './types';

/** What the router needs. */
export interface RouterOptions {
  service: FargateEndpointsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Fresh AWS reads per caller; unlimited when omitted (tests). */
  budget?: CallerBudget;
}

/** A zod string checked by one of the common validators, whose message names the fix. */
function checked(validate: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = validate(value);
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
}

const networkCheckRequestSchema = z
  .object({
    region: checked(r => validateRegion(r)),
    accountId: checked(validateAccountId).optional(),
    vpcId: checked(v => validateAwsId('vpc', v)),
    // ECS takes up to 16 subnets and 5 security groups per awsvpc configuration.
    subnetIds: z
      .array(checked(v => validateAwsId('subnet', v)))
      .min(1)
      .max(16),
    securityGroupIds: z
      .array(checked(v => validateAwsId('securityGroup', v)))
      .min(1)
      .max(5),
    needs: z.array(checked(validateNeed).pipe(z.string().max(64))).max(32),
    images: z.array(z.string().min(1).max(1024)).max(10).optional(),
    assignPublicIp: z.enum(['ENABLED', 'DISABLED']).optional(),
  })
  .strict();

/** The largest plan document `POST /v1/impact` reads (a plan of some thousand resources). */
export const PLAN_BODY_LIMIT = '10mb';

const planImpactRequestSchema = z
  .object({
    plan: z.record(z.unknown(), {
      invalid_type_error:
        'must be the JSON object `terraform show -json <planfile>` writes',
      required_error:
        'is required: the JSON object `terraform show -json <planfile>` writes',
    }),
    region: checked(r => validateRegion(r)).optional(),
    accountId: checked(validateAccountId).optional(),
  })
  .strict();

const reportQuerySchema = z.object({
  refresh: z.enum(['true', 'false']).optional(),
});

const historyQuerySchema = z
  .object({
    limit: z
      .string()
      .regex(/^[1-9][0-9]{0,2}$/, 'must be a whole number from 1 to 999')
      .optional(),
  })
  .strict();

/**
 * The REST API under `/api/fargate-endpoints`: thin, it authenticates, authorizes,
 * validates and hands over to the service.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, permissions, budget } = options;
  const router = Router();
  // Before the general JSON parser: a plan is larger than any other request body.
  router.post(
    '/v1/impact',
    express.json({ limit: PLAN_BODY_LIMIT }),
    async (req, res) => {
      const credentials = await authorize(
        req,
        fargateEndpointsReportReadPermission,
      );
      const input = parse(planImpactRequestSchema, req.body, 'impact request');
      budget?.take(credentials, 'POST /v1/impact');
      res.json(await service.assessPlan(input, { credentials }));
    },
  );
  router.use(express.json());

  async function authorize(
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission(permissions, credentials, permission);
    return credentials;
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/entities/:kind/:namespace/:name/report', async (req, res) => {
    const credentials = await authorize(
      req,
      fargateEndpointsReportReadPermission,
    );
    const params = parse(entityRefParamsSchema, req.params, 'entity reference');
    const query = parse(reportQuerySchema, req.query, 'query');
    const refresh = query.refresh === 'true';
    if (refresh) budget?.take(credentials, 'refresh=true');
    const report = await service.getEntityReport(stringifyEntityRef(params), {
      refresh,
      credentials,
    });
    res.json(report);
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/history',
    async (req, res) => {
      const credentials = await authorize(
        req,
        fargateEndpointsReportReadPermission,
      );
      const params = parse(
        entityRefParamsSchema,
        req.params,
        'entity reference',
      );
      const query = parse(historyQuerySchema, req.query, 'query');
      res.json(
        await service.getEntityHistory(stringifyEntityRef(params), {
          credentials,
          limit: query.limit ? Number(query.limit) : undefined,
        }),
      );
    },
  );

  router.post('/v1/check', async (req, res) => {
    const credentials = await authorize(
      req,
      fargateEndpointsReportReadPermission,
    );
    const input: NetworkCheckRequest = parse(
      networkCheckRequestSchema,
      req.body,
      'check request',
    );
    budget?.take(credentials, 'POST /v1/check');
    res.json(await service.checkNetwork(input));
  });

  router.get('/v1/overview', async (req, res) => {
    const credentials = await authorize(
      req,
      fargateEndpointsOverviewReadPermission,
    );
    res.json(await service.getOverview({ credentials }));
  });

  return router;
}
