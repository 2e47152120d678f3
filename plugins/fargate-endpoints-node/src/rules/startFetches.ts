/**
 * `start-fetch-other-region`: what the agent fetches before the containers run
 * (spec/startFetches.ts) from a service in another region. An interface endpoint serves its
 * own region; a cross-Region interface endpoint exists only for the services AWS lists as
 * cross-region enabled (AWS PrivateLink guide, "Cross-region enabled AWS services": S3, ECR,
 * KMS, ECS, Lambda, Data Firehose, Managed Flink, IAM, Route 53), and Secrets Manager, Systems
 * Manager and CloudWatch Logs are not among them. So on an isolated path such a fetch has no
 * way there: the task stops with ResourceInitializationError.
 */
import {
  regionDnsSuffix,
  type Finding,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { StartFetch } from '../spec/startFetches';
import { RuleContext, finding } from './context';

/** The AWS page that lists the services with cross-Region interface endpoints. */
export const CROSS_REGION_SERVICES_PAGE =
  'https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html';

/** Endpoint services that AWS offers cross-Region interface endpoints for (the page above). */
export const CROSS_REGION_ENABLED_SERVICES = [
  's3',
  'ecr.api',
  'ecr.dkr',
  'kms',
  'ecs',
  'lambda',
  'kinesis-firehose',
  'kinesisanalytics',
];

const SERVICE_WORDS: Record<StartFetch['service'], string> = {
  secretsmanager: 'Secrets Manager',
  ssm: 'SSM Parameter Store',
  logs: 'CloudWatch Logs',
  s3: 'S3',
};

function moveFix(fetch: StartFetch, region: string): string {
  switch (fetch.service) {
    case 'secretsmanager':
      return `replicate the secret to ${region} (\`aws secretsmanager replicate-secret-to-regions --secret-id ${fetch.resource} --add-replica-regions Region=${region}\`) and point ${fetch.field} at the replica`;
    case 'ssm':
      return `create the parameter in ${region} and point ${fetch.field} at it`;
    case 'logs':
      return `set awslogs-region to ${region} (a log group there) in ${fetch.field.replace(
        /\[awslogs-group\]$/,
        '',
      )}`;
    default:
      return `move the object to a bucket in ${region}`;
  }
}

/** The start fetches to another region than the task's, of a service with no cross-Region endpoint. */
export function crossRegionFetches(ctx: RuleContext): StartFetch[] {
  return (ctx.spec.startFetches ?? []).filter(
    f =>
      f.region !== ctx.region &&
      !CROSS_REGION_ENABLED_SERVICES.includes(f.service),
  );
}

/** `start-fetch-other-region`: an isolated task's start fetch to another region. */
export function startFetchOtherRegion(ctx: RuleContext): Finding[] {
  if (!ctx.isolated) return [];
  const subnets = ctx.subnetPaths
    .filter(p => p.path === 'isolated')
    .map(p => p.subnetId)
    .join(', ');
  return crossRegionFetches(ctx).map(fetch => {
    const host = `${fetch.service}.${fetch.region}.${regionDnsSuffix(
      fetch.region,
    )}`;
    return finding('start-fetch-other-region', {
      service: fetch.service,
      resourceId: fetch.resource,
      message: `The ${fetch.what} (${fetch.field}) is fetched from ${
        SERVICE_WORDS[fetch.service]
      } in ${fetch.region} before the containers start: ${
        fetch.resource
      }. The task subnets (${subnets}) have no route out of the VPC, VPC endpoints in ${
        ctx.region
      } serve ${ctx.region} only, and ${
        SERVICE_WORDS[fetch.service]
      } offers no cross-Region interface endpoint (${CROSS_REGION_SERVICES_PAGE}), so the call to ${host} times out and tasks stop with "ResourceInitializationError".`,
      fix: `Choose one: ${moveFix(
        fetch,
        ctx.region,
      )}; or route the task subnets to a NAT gateway. A cross-Region interface endpoint is not an option: ${
        SERVICE_WORDS[fetch.service]
      } is not among the cross-region enabled services.`,
    });
  });
}
