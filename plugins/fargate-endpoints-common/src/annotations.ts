/**
 * Catalog annotations that link a component to its live service.
 */

/**
 * The AWS ECS plugin's annotation: the full ECS service ARN.
 *
 * @public
 */
export const ANNOTATION_ECS_SERVICE_ARN =
  'aws.amazon.com/amazon-ecs-service-arn';

/**
 * For services not in ECS yet: the AWS region.
 *
 * @public
 */
export const ANNOTATION_REGION = 'fargate-endpoints.io/region';
/**
 * For services not in ECS yet: the AWS account id (12 digits); defaults to the main account.
 *
 * @public
 */
export const ANNOTATION_ACCOUNT_ID = 'fargate-endpoints.io/account-id';
/**
 * For services not in ECS yet: the VPC id.
 *
 * @public
 */
export const ANNOTATION_VPC_ID = 'fargate-endpoints.io/vpc-id';
/**
 * For services not in ECS yet: comma-separated task subnet ids.
 *
 * @public
 */
export const ANNOTATION_SUBNET_IDS = 'fargate-endpoints.io/subnet-ids';
/**
 * For services not in ECS yet: comma-separated task security group ids.
 *
 * @public
 */
export const ANNOTATION_SECURITY_GROUP_IDS =
  'fargate-endpoints.io/security-group-ids';
/**
 * Comma-separated needs (ecr, logs, secretsmanager, ssm, exec, or a service suffix). With an ECS ARN, adds to the derived needs.
 *
 * @public
 */
export const ANNOTATION_NEEDS = 'fargate-endpoints.io/needs';

/**
 * Written by the golden-path template: the network the service's repository creates or uses,
 * in one line. With it, a service that is not in ECS yet (no ARN yet, or none that ECS knows)
 * is "not deployed yet" with this plan, instead of a missing annotation or a not-found error.
 *
 * @public
 */
export const ANNOTATION_NETWORK_PLAN = 'fargate-endpoints.io/network-plan';

/**
 * Every annotation the plugin reads.
 *
 * @public
 */
export const FARGATE_ENDPOINTS_ANNOTATIONS = [
  ANNOTATION_ECS_SERVICE_ARN,
  ANNOTATION_REGION,
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_VPC_ID,
  ANNOTATION_SUBNET_IDS,
  ANNOTATION_SECURITY_GROUP_IDS,
  ANNOTATION_NEEDS,
  ANNOTATION_NETWORK_PLAN,
];

/**
 * The minimal shape of a catalog entity this module reads.
 *
 * @public
 */
export interface AnnotatedEntity {
  metadata: { annotations?: Record<string, string> };
}

/**
 * True when the entity is linked to a live service: by ECS service ARN, or by region, VPC,
 * subnets and security groups, or generated with a region and a network plan (not deployed yet). The frontend uses it as the card's availability predicate.
 *
 * @public
 */
export function isFargateEndpointsAvailable(entity: AnnotatedEntity): boolean {
  const a = entity.metadata.annotations ?? {};
  if (a[ANNOTATION_ECS_SERVICE_ARN]) return true;
  // Generated, maybe not deployed yet: the report says so.
  if (a[ANNOTATION_REGION] && a[ANNOTATION_NETWORK_PLAN]) return true;
  return Boolean(
    a[ANNOTATION_REGION] &&
      a[ANNOTATION_VPC_ID] &&
      a[ANNOTATION_SUBNET_IDS] &&
      a[ANNOTATION_SECURITY_GROUP_IDS],
  );
}
