import { InputError } from '@backstage/errors';
import {
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_ECS_SERVICE_ARN,
  ANNOTATION_NEEDS,
  ANNOTATION_NETWORK_PLAN,
  ANNOTATION_REGION,
  ANNOTATION_SECURITY_GROUP_IDS,
  ANNOTATION_SUBNET_IDS,
  ANNOTATION_VPC_ID,
  AnnotatedEntity,
  EcsServiceArn,
  isAccountId,
  Need,
  NetworkCheckRequest,
  parseEcsServiceArnOrProblem,
  splitList,
  validateAccountId,
  validateAwsId,
  validateNeed,
  validateRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** Needs assumed for an entity linked by network annotations that names none: an image in ECR, logs to CloudWatch. */
export const DEFAULT_NETWORK_NEEDS: Need[] = ['ecr', 'logs'];

/** A live ECS service, named by its ARN. */
export interface EcsServiceTarget {
  kind: 'ecs-service';
  arn: EcsServiceArn;
  region: string;
  accountId: string;
  /** Needs the entity adds to those derived from the task definition. */
  extraNeeds: Need[];
  /** The template's network plan: a service ECS does not know yet is then "not deployed yet". */
  networkPlan?: string;
}

/** A generated service without an ECS service ARN yet: not deployed, nothing to read. */
export interface PlannedTarget {
  kind: 'planned';
  region: string;
  accountId?: string;
  vpcId?: string;
  subnetIds?: string[];
  needs: Need[];
  networkPlan: string;
  linkedBy: string;
}

/** A service not in ECS yet, named by its network. */
export interface NetworkTarget {
  kind: 'network';
  region: string;
  accountId?: string;
  input: NetworkCheckRequest;
  /** True for a POST /v1/check body: errors name its fields rather than the annotations. */
  fromRequest?: boolean;
}

/** What an entity's annotations point at. */
export type EntityTarget = EcsServiceTarget | NetworkTarget | PlannedTarget;

/**
 * What identifies a target, so that a stored result for another target is never served: every
 * field of it, with lists of ids and needs in sorted order (their order means nothing). It is
 * derived from the whole object, so a field added to a target cannot be forgotten here.
 */
export function targetKey(target: EntityTarget): string {
  return JSON.stringify(canonicalForm(target));
}

function canonicalForm(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonicalForm);
    return items.every(item => typeof item === 'string')
      ? [...(items as string[])].sort()
      : items;
  }
  if (value !== null && typeof value === 'object') {
    const fields = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(fields)
        .filter(key => fields[key] !== undefined)
        .sort()
        .map(key => [key, canonicalForm(fields[key])]),
    );
  }
  return value;
}

/**
 * Reads the target from an entity's annotations: the ECS service ARN when present, otherwise
 * the fargate-endpoints.io network annotations. Throws InputError naming the annotation and
 * the fix when they are missing or malformed.
 */
export function entityTarget(
  entity: AnnotatedEntity,
  entityRef: string,
): EntityTarget {
  const annotations = entity.metadata.annotations ?? {};
  const needs = readNeeds(annotations[ANNOTATION_NEEDS], entityRef);
  const arnValue = annotations[ANNOTATION_ECS_SERVICE_ARN];
  if (arnValue !== undefined) {
    const parsed = parseEcsServiceArnOrProblem(arnValue);
    if ('problem' in parsed) {
      throw new InputError(
        `Annotation ${ANNOTATION_ECS_SERVICE_ARN} of ${entityRef}: ${parsed.problem}`,
      );
    }
    const { arn } = parsed;
    const networkPlan = annotations[ANNOTATION_NETWORK_PLAN]?.trim();
    return {
      kind: 'ecs-service',
      arn,
      region: arn.region,
      accountId: arn.accountId,
      extraNeeds: needs ?? [],
      ...(networkPlan ? { networkPlan } : {}),
    };
  }
  const networkPlan = annotations[ANNOTATION_NETWORK_PLAN]?.trim();
  if (
    networkPlan &&
    annotations[ANNOTATION_REGION] &&
    !annotations[ANNOTATION_SECURITY_GROUP_IDS]
  ) {
    return plannedTarget(annotations, entityRef, networkPlan, needs);
  }
  if (!annotations[ANNOTATION_REGION]) {
    throw new InputError(
      `${entityRef} is not linked to a Fargate service: add the annotation ${ANNOTATION_ECS_SERVICE_ARN}, ` +
        `or ${ANNOTATION_REGION}, ${ANNOTATION_VPC_ID}, ${ANNOTATION_SUBNET_IDS} and ${ANNOTATION_SECURITY_GROUP_IDS}`,
    );
  }
  return networkTarget(annotations, entityRef, needs ?? DEFAULT_NETWORK_NEEDS);
}

/** The region and optional account annotations of a network-annotated entity, validated. */
function regionAndAccount(
  annotations: Record<string, string>,
  entityRef: string,
): { region: string; accountId: string | undefined } {
  const region = annotations[ANNOTATION_REGION].trim();
  const regionProblem = validateRegion(region);
  if (regionProblem) {
    throw new InputError(
      `Annotation ${ANNOTATION_REGION} of ${entityRef}: ${regionProblem}`,
    );
  }
  const accountId = annotations[ANNOTATION_ACCOUNT_ID]?.trim() || undefined;
  if (accountId !== undefined && !isAccountId(accountId)) {
    throw new InputError(
      `Annotation ${ANNOTATION_ACCOUNT_ID} of ${entityRef}: ${validateAccountId(
        accountId,
      )}; use the 12-digit AWS account id, or remove it for the main account`,
    );
  }
  return { region, accountId };
}

function plannedTarget(
  annotations: Record<string, string>,
  entityRef: string,
  networkPlan: string,
  needs: Need[] | undefined,
): PlannedTarget {
  const { region, accountId } = regionAndAccount(annotations, entityRef);
  const vpcId = annotations[ANNOTATION_VPC_ID]?.trim() || undefined;
  const subnetIds = splitList(annotations[ANNOTATION_SUBNET_IDS] ?? '');
  return {
    kind: 'planned',
    region,
    accountId,
    ...(vpcId ? { vpcId } : {}),
    ...(subnetIds.length ? { subnetIds } : {}),
    needs: needs ?? DEFAULT_NETWORK_NEEDS,
    networkPlan,
    linkedBy: `after terraform apply, add ${ANNOTATION_ECS_SERVICE_ARN} (the ecs_service_arn output) to catalog-info.yaml, or ${
      vpcId
        ? `${ANNOTATION_SECURITY_GROUP_IDS} (the task_security_group_id output)`
        : `${ANNOTATION_VPC_ID}, ${ANNOTATION_SUBNET_IDS} and ${ANNOTATION_SECURITY_GROUP_IDS} (the vpc_id, task_subnet_ids and task_security_group_id outputs)`
    }; the check runs from then on`,
  };
}

function networkTarget(
  annotations: Record<string, string>,
  entityRef: string,
  needs: Need[],
): NetworkTarget {
  const { region, accountId } = regionAndAccount(annotations, entityRef);
  const vpcId = required(annotations, ANNOTATION_VPC_ID, entityRef);
  checkIds(ANNOTATION_VPC_ID, entityRef, 'vpc', [vpcId]);
  const subnetIds = splitList(
    required(annotations, ANNOTATION_SUBNET_IDS, entityRef),
  );
  checkIds(ANNOTATION_SUBNET_IDS, entityRef, 'subnet', subnetIds);
  const securityGroupIds = splitList(
    required(annotations, ANNOTATION_SECURITY_GROUP_IDS, entityRef),
  );
  checkIds(
    ANNOTATION_SECURITY_GROUP_IDS,
    entityRef,
    'securityGroup',
    securityGroupIds,
  );
  return {
    kind: 'network',
    region,
    accountId,
    input: { region, accountId, vpcId, subnetIds, securityGroupIds, needs },
  };
}

function required(
  annotations: Record<string, string>,
  name: string,
  entityRef: string,
): string {
  const value = annotations[name]?.trim();
  if (!value) {
    throw new InputError(
      `${entityRef} has ${ANNOTATION_REGION} but no ${name}: a service linked by its network needs ` +
        `${ANNOTATION_VPC_ID}, ${ANNOTATION_SUBNET_IDS} and ${ANNOTATION_SECURITY_GROUP_IDS} (or use ${ANNOTATION_ECS_SERVICE_ARN})`,
    );
  }
  return value;
}

function checkIds(
  annotation: string,
  entityRef: string,
  kind: 'vpc' | 'subnet' | 'securityGroup',
  ids: string[],
) {
  const problems = ids.map(id => validateAwsId(kind, id)).filter(Boolean);
  if (ids.length === 0 || problems.length > 0) {
    throw new InputError(
      `Annotation ${annotation} of ${entityRef}: ${
        problems.length ? problems.join('; ') : 'it lists no ids'
      }`,
    );
  }
}

function readNeeds(
  value: string | undefined,
  entityRef: string,
): Need[] | undefined {
  if (value === undefined) return undefined;
  const needs = splitList(value);
  const problems = needs.map(validateNeed).filter(Boolean);
  if (problems.length > 0) {
    throw new InputError(
      `Annotation ${ANNOTATION_NEEDS} of ${entityRef}: ${problems.join('; ')}`,
    );
  }
  return needs;
}
