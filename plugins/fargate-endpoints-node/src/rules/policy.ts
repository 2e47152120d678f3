/**
 * `endpoint-policy-denies`: a custom endpoint policy filters every request through the
 * endpoint. The task's start-up requests (docs/domain.md#when-the-path-works) must be allowed and not denied.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { VpcEndpoint } from '../model';
import { parsePrivateEcrImage } from '../spec/images';
import type { StartFetch } from '../spec/startFetches';
import {
  PolicyEvaluation,
  PolicyRequest,
  evaluatePolicy,
  isDefaultPolicy,
  parsePolicy,
} from '../network/policy';
import { RuleContext, addUnknown, endpointsInUse, finding } from './context';
import { symptomFor } from './symptoms';
import { tfName } from './terraform';

/** The bucket ECR keeps image layers in, which the S3 gateway policy must allow. */
export function ecrLayerBucketArn(region: string): string {
  return `arn:aws:s3:::prod-${region}-starport-layer-bucket`;
}

/** The resources of the service that the agent fetches at start through this region's endpoint. */
function startFetchResources(
  ctx: RuleContext,
  service: StartFetch['service'],
): string[] {
  return [
    ...new Set(
      (ctx.spec.startFetches ?? [])
        .filter(
          f =>
            f.service === service &&
            f.region === ctx.region &&
            f.resource.startsWith('arn:'),
        )
        .map(f => f.resource),
    ),
  ];
}

/** One request per resource, or one without a resource when none is known. */
function withResources(action: string, resources: string[]): PolicyRequest[] {
  return resources.length > 0
    ? resources.map(resource => ({ action, resource }))
    : [{ action }];
}

/** The requests a task makes through the endpoint of a service, as the policy sees them. */
export function requiredRequests(
  ctx: RuleContext,
  service: string,
): PolicyRequest[] {
  switch (service) {
    case 'ecr.api':
      return [{ action: 'ecr:GetAuthorizationToken', resource: '*' }];
    case 'ecr.dkr': {
      const repositories = [
        ...new Set(
          ctx.spec.images
            .map(image => parsePrivateEcrImage(image))
            .filter(image => image?.region === ctx.region)
            .map(image => image!.repositoryArn),
        ),
      ];
      const resources: Array<string | undefined> =
        repositories.length > 0 ? repositories : [undefined];
      return ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'].flatMap(
        action => resources.map(resource => ({ action, resource })),
      );
    }
    case 's3':
      return [
        // Any object of the layer bucket stands for all of them (only when images are pulled).
        ...(ctx.spec.needs.includes('ecr')
          ? [
              {
                action: 's3:GetObject',
                resource: `${ecrLayerBucketArn(
                  ctx.region,
                )}/docker/registry/v2/blobs/sha256/layer`,
              },
            ]
          : []),
        // Environment files and FireLens configuration the agent downloads at start.
        ...startFetchResources(ctx, 's3').map(resource => ({
          action: 's3:GetObject',
          resource,
        })),
      ];
    case 'secretsmanager':
      return withResources(
        'secretsmanager:GetSecretValue',
        startFetchResources(ctx, 'secretsmanager'),
      );
    case 'ssm':
      return withResources(
        'ssm:GetParameters',
        startFetchResources(ctx, 'ssm'),
      );
    case 'logs':
      return [
        { action: 'logs:CreateLogStream' },
        { action: 'logs:PutLogEvents' },
      ];
    default:
      return [];
  }
}

/** The outcome of a policy for one endpoint: what is refused, and whether it is certain. */
export interface EndpointPolicyOutcome {
  policy: 'default' | 'custom';
  refused: Array<{ request: PolicyRequest; evaluation: PolicyEvaluation }>;
  /** True when some allow rests on a statement the checker could not fully evaluate. */
  uncertain: boolean;
  /** True when the document could not be parsed. */
  unreadable: boolean;
}

/** Evaluates the endpoint's policy against what the tasks need through it. */
export function endpointPolicyOutcome(
  ctx: RuleContext,
  service: string,
  endpoint: VpcEndpoint,
): EndpointPolicyOutcome {
  if (isDefaultPolicy(endpoint.policyDocument)) {
    return {
      policy: 'default',
      refused: [],
      uncertain: false,
      unreadable: false,
    };
  }
  const policy = parsePolicy(endpoint.policyDocument!);
  if (!policy)
    return {
      policy: 'custom',
      refused: [],
      uncertain: false,
      unreadable: true,
    };
  const evaluations = requiredRequests(ctx, service).map(request => ({
    request,
    evaluation: evaluatePolicy(policy, request),
  }));
  return {
    policy: 'custom',
    refused: evaluations.filter(e => e.evaluation.decision !== 'allowed'),
    uncertain:
      evaluations.some(e => e.evaluation.uncertain) || evaluations.length === 0,
    unreadable: false,
  };
}

function describeRefusal({
  request,
  evaluation,
}: EndpointPolicyOutcome['refused'][number]): string {
  const what = `${request.action}${
    request.resource && request.resource !== '*'
      ? ` on ${request.resource}`
      : ''
  }`;
  return evaluation.decision === 'explicitly-denied'
    ? `${what} is explicitly denied by ${evaluation.statement}`
    : `${what} is not allowed by any statement`;
}

function policyTerraform(
  endpoint: VpcEndpoint,
  service: string,
  requests: PolicyRequest[],
): string {
  const actions = [...new Set(requests.map(r => r.action))];
  const resources = [
    ...new Set(
      requests.map(r => {
        if (!r.resource || r.resource === '*') return '*';
        // The S3 request names one sample layer object; allow the whole bucket's objects.
        return service === 's3'
          ? r.resource.replace(/\/docker\/.*$/, '/*')
          : r.resource;
      }),
    ),
  ];
  return [
    `resource "aws_vpc_endpoint_policy" "${tfName(service)}" {`,
    `  vpc_endpoint_id = "${endpoint.id}"`,
    `  policy = jsonencode({`,
    `    Version = "2012-10-17"`,
    `    Statement = [`,
    `      # keep your existing statements; add this one and narrow any Deny that matches it`,
    `      {`,
    `        Sid       = "AllowFargateTaskStartup"`,
    `        Effect    = "Allow"`,
    `        Principal = "*"`,
    `        Action    = ${JSON.stringify(actions)}`,
    `        Resource  = ${JSON.stringify(resources)}`,
    `      },`,
    `    ]`,
    `  })`,
    `}`,
  ].join('\n');
}

/** `endpoint-policy-denies`: a custom policy refuses a request the tasks make at start-up. */
export function endpointPolicyDenies(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { requirement, endpoint } of endpointsInUse(ctx)) {
    const outcome = endpointPolicyOutcome(ctx, requirement.service, endpoint);
    if (outcome.unreadable) {
      addUnknown(
        ctx,
        {
          check: `endpoint policy of ${endpoint.id}`,
          rules: ['endpoint-policy-denies'],
          reason: 'the policy document is not valid JSON',
        },
        false,
      );
      continue;
    }
    if (outcome.refused.length === 0) continue;
    const service = requirement.service;
    const symptom =
      service === 's3'
        ? `image layer downloads fail with "CannotPullContainerError: ... failed to open ... unexpected status code" (403 from the layer bucket)`
        : `requests are refused with AccessDenied and ${symptomFor(
            service,
            ctx.region,
          )}`;
    findings.push(
      finding('endpoint-policy-denies', {
        service,
        resourceId: endpoint.id,
        message: `The custom policy on the ${service} endpoint ${
          endpoint.id
        } blocks what tasks need at start-up: ${outcome.refused
          .map(describeRefusal)
          .join(
            '; ',
          )}. Every request through the endpoint is filtered by its policy, so ${symptom}.`,
        fix: `Edit the policy (VPC console → Endpoints → ${
          endpoint.id
        } → Policy → Edit policy) to allow ${[
          ...new Set(outcome.refused.map(r => r.request.action)),
        ].join(', ')}${
          service === 's3'
            ? ` on ${[
                ...new Set(
                  outcome.refused.map(r =>
                    (r.request.resource ?? '').replace(/\/docker\/.*$/, '/*'),
                  ),
                ),
              ].join(', ')}`
            : ''
        } and remove or narrow any Deny statement that matches it.`,
        terraform: policyTerraform(
          endpoint,
          service,
          outcome.refused.map(r => r.request),
        ),
      }),
    );
  }
  return findings;
}
