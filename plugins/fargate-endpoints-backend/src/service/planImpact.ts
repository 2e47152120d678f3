/**
 * `POST /v1/impact`: what a Terraform plan does to the services of the VPCs it touches, told
 * in catalog terms. The engine judges every service; the caller is shown only the affected
 * services whose catalog entity the catalog lets them read (fetched with their credentials),
 * with the entity and its owner, and a count of the others. The markdown is built from what
 * the caller may see.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_ECS_SERVICE_ARN } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  assessPlanImpact,
  formatImpactMarkdown,
  parseTerraformPlan,
  type AwsAccountAccess,
  type PlanImpact,
  type ServiceEntity,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';

/**
 * What `POST /v1/impact` takes.
 *
 * @public
 */
export interface PlanImpactRequest {
  /** The JSON `terraform show -json <planfile>` writes. */
  plan: Record<string, unknown>;
  /** The region the plan applies to; the plan's constant aws provider region when omitted. */
  region?: string;
  /** The account the plan applies to (one config allows); the main account when omitted. */
  accountId?: string;
}

/**
 * What `POST /v1/impact` answers.
 *
 * @public
 */
export interface PlanImpactResponse {
  /** The impact, its `services` limited to affected ones whose entity the caller may read. */
  impact: PlanImpact;
  /** Affected services left out: their entity is one the caller may not read, or none links them. */
  otherAffectedServices: number;
  /** The summary for a pull-request comment, from what the caller may see. */
  markdown: string;
}

/** What the assessment needs from the plugin. */
export interface PlanImpactDeps {
  access: Pick<AwsAccountAccess, 'reader' | 'hubFor'>;
  catalog: CatalogService;
  deadlineMs?: number;
}

/** The entities (that the credentials may read) linked to these ECS service ARNs. */
async function entitiesByServiceArn(
  catalog: CatalogService,
  serviceArns: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, ServiceEntity>> {
  if (serviceArns.length === 0) return new Map();
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${ANNOTATION_ECS_SERVICE_ARN}`]: serviceArns,
      },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
        'spec.owner',
      ],
    },
    { credentials },
  );
  const byArn = new Map<string, ServiceEntity>();
  for (const entity of items as Entity[]) {
    const arn = entity.metadata.annotations?.[ANNOTATION_ECS_SERVICE_ARN];
    if (!arn || !serviceArns.includes(arn.trim())) continue;
    const owner = entity.spec?.owner;
    byArn.set(arn.trim(), {
      ref: stringifyEntityRef(entity),
      owner: typeof owner === 'string' ? owner : undefined,
    });
  }
  return byArn;
}

/** Assesses the plan in the account and region, and tells the caller what they may see. */
export async function assessPlanForCaller(
  deps: PlanImpactDeps,
  request: PlanImpactRequest,
  credentials: BackstageCredentials,
): Promise<PlanImpactResponse> {
  let plan;
  try {
    plan = parseTerraformPlan(request.plan);
  } catch (error) {
    if (error instanceof InputError)
      throw new InputError(`plan.${error.message}`);
    throw error;
  }
  const region = request.region ?? plan.providerRegion;
  if (!region)
    throw new InputError(
      'region: the plan sets no constant aws provider region; give the region it applies to',
    );
  const target = { region, accountId: request.accountId };
  const reader = await deps.access.reader(target.accountId, region);
  const impact = await assessPlanImpact(plan, reader, {
    hub: await deps.access.hubFor(target),
    deadlineMs: deps.deadlineMs,
  });
  const affected = impact.services.filter(s => s.outcome !== 'unchanged');
  const entities = await entitiesByServiceArn(
    deps.catalog,
    affected.map(s => s.serviceArn),
    credentials,
  );
  const visible: PlanImpact = {
    ...impact,
    services: affected
      .filter(s => entities.has(s.serviceArn))
      .map(s => ({ ...s, entity: entities.get(s.serviceArn) })),
  };
  const otherAffectedServices = affected.length - visible.services.length;
  return {
    impact: visible,
    otherAffectedServices,
    markdown: formatImpactMarkdown(visible, { otherAffectedServices }),
  };
}
