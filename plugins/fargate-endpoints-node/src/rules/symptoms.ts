/**
 * What a task shows when the path to one service is broken: the error text people search
 * for, so a finding can say "this is why you see ...".
 */
import { regionDnsSuffix } from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** The public name tasks resolve for the service: what private DNS must answer with the endpoint. */
export function serviceHostname(service: string, region: string): string {
  const suffix = regionDnsSuffix(region);
  switch (service) {
    case 'ecr.api':
      return `api.ecr.${region}.${suffix}`;
    case 'ecr.dkr':
      return `<account>.dkr.ecr.${region}.${suffix}`;
    default:
      return `${service}.${region}.${suffix}`;
  }
}

/**
 * The error a task shows when it cannot reach the service, for a finding's message.
 *
 * @public
 */
export function symptomFor(service: string, region: string): string {
  const suffix = regionDnsSuffix(region);
  switch (service) {
    case 'ecr.api':
      return `tasks stop with "ResourceInitializationError: unable to pull secrets or registry auth: ... https://api.ecr.${region}.${suffix}/ ... i/o timeout"`;
    case 'ecr.dkr':
      return `tasks stop with "CannotPullContainerError: ... <account>.dkr.ecr.${region}.${suffix}/v2/... i/o timeout"`;
    case 's3':
      return `tasks stop with "CannotPullContainerError: ... prod-${region}-starport-layer-bucket.s3.${region}.${suffix} ... i/o timeout" while pulling image layers`;
    case 'secretsmanager':
      return 'tasks stop with "ResourceInitializationError: unable to pull secrets or registry auth: ... unable to retrieve secret from asm ..."';
    case 'ssm':
      return 'tasks stop with "ResourceInitializationError: unable to pull secrets or registry auth: ... unable to retrieve secrets from ssm ..."';
    case 'logs':
      return 'tasks stop with "ResourceInitializationError: failed to validate logger args ..."';
    case 'ssmmessages':
      return '`aws ecs execute-command` fails because the SSM agent in the task cannot connect';
    default:
      return `calls from the task to ${service}.${region}.${suffix} time out`;
  }
}

/**
 * What the tasks use an endpoint service for, in a few words.
 *
 * @public
 */
export function endpointPurpose(service: string): string {
  switch (service) {
    case 'ecr.api':
      return 'ECR authentication (GetAuthorizationToken) before the image pull';
    case 'ecr.dkr':
      return 'the registry itself: image manifests';
    case 's3':
      return 'image layers, which ECR serves from S3 (only a Gateway endpoint serves them)';
    case 'logs':
      return 'the awslogs driver writing container output to CloudWatch Logs';
    case 'secretsmanager':
      return 'secrets injected from Secrets Manager at start';
    case 'ssm':
      return 'secrets injected from SSM Parameter Store at start';
    case 'ssmmessages':
      return 'ECS Exec sessions (aws ecs execute-command)';
    default:
      return `calls to ${service} the app makes (declared need)`;
  }
}
