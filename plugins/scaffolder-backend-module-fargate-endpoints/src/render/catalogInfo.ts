import {
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_ECS_SERVICE_ARN,
  ANNOTATION_NEEDS,
  ANNOTATION_NETWORK_PLAN,
  ANNOTATION_REGION,
  ANNOTATION_SUBNET_IDS,
  ANNOTATION_VPC_ID,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import YAML from 'yaml';
import type { ServicePlan } from '../service/servicePlan';

/**
 * The network the repository creates or uses, in one line, from the engine's plan: the card
 * shows it as "not deployed yet — network plan: ..." until the service runs.
 */
export function networkPlanSummary(plan: ServicePlan): string {
  const { network, endpoints } = plan;
  const where =
    network.mode === 'newVpc'
      ? `a new isolated VPC ${network.cidr} in ${network.azCount} AZs`
      : `existing VPC ${network.vpcId} (subnets ${network.subnetIds.join(
          ', ',
        )})`;
  const created = endpoints.create.map(e => e.service);
  const reused = endpoints.reuse.map(e => e.service);
  return `${where}; creates ${
    created.length ? `endpoints ${created.join(', ')}` : 'no endpoints'
  }${reused.length ? `; reuses ${reused.join(', ')}` : ''}`;
}

/** catalog-info.yaml: the Component, annotated so the live endpoint card finds the service. */
export function renderCatalogInfo(plan: ServicePlan): string {
  const annotations: Record<string, string> = {
    'backstage.io/techdocs-ref': 'dir:.',
    [ANNOTATION_REGION]: plan.region,
    [ANNOTATION_NEEDS]: plan.needs.join(','),
    [ANNOTATION_NETWORK_PLAN]: networkPlanSummary(plan),
  };
  if (plan.serviceArn)
    annotations[ANNOTATION_ECS_SERVICE_ARN] = plan.serviceArn;
  if (plan.accountId) annotations[ANNOTATION_ACCOUNT_ID] = plan.accountId;
  if (plan.network.mode === 'existingVpc') {
    annotations[ANNOTATION_VPC_ID] = plan.network.vpcId;
    annotations[ANNOTATION_SUBNET_IDS] = plan.network.subnetIds.join(',');
  }
  if (plan.githubProjectSlug)
    annotations['github.com/project-slug'] = plan.githubProjectSlug;
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: plan.name,
      description: plan.description,
      tags: ['fargate', 'private-subnets', 'terraform'],
      annotations,
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: plan.owner,
      ...(plan.system ? { system: plan.system } : {}),
    },
  };
  return YAML.stringify(entity, { lineWidth: 0 });
}
