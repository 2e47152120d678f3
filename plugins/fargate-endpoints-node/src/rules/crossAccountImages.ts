/**
 * Images in another account's private ECR registry, same region. The network path is the
 * same as for the service's own images: the region's ecr.api/ecr.dkr endpoints and the S3
 * gateway (the layers sit in the region's `prod-<region>-starport-layer-bucket` whatever the
 * registry's account, so `endpoint-policy-denies` already judges custom endpoint policies
 * against the other account's repository ARN and that bucket). What differs is permission:
 * "By default, only the AWS account that created the repository has access to the
 * repository. You can apply a repository policy that allows additional access" (ECR User
 * Guide, "Private repository policies",
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html). The pull
 * (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, with ecr:BatchCheckLayerAvailability as the
 * policy examples grant) must be allowed by that policy for this account or the execution role.
 *
 * - `cross-account-image-denied` (error): the policy was read (GetRepositoryPolicy with the
 *   registry's id) and allows neither, or the repository has none, or does not exist.
 * - `cross-account-image-unverified` (info): ECR refused to show it (another account's policy
 *   is readable only when it grants this account ecr:GetRepositoryPolicy): what to verify.
 *   Any other failure (throttled, malformed, timed out) is an AWS fault: `unknown`.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { RepositoryPolicyRead } from '../model';
import {
  evaluatePolicy,
  parsePolicy,
  PolicyStatement,
} from '../network/policy';
import { parsePrivateEcrImage } from '../spec/images';
import { RuleContext, addUnknown, finding } from './context';

/** What a cross-account pull asks the repository policy for. */
const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

function principalsOf(statement: PolicyStatement): string[] | '*' {
  const p = statement.Principal;
  if (p === '*') return '*';
  const aws = (p as { AWS?: string | string[] } | undefined)?.AWS;
  if (aws === undefined) return [];
  const list = Array.isArray(aws) ? aws : [aws];
  return list.includes('*') ? '*' : list;
}

/**
 * True when the statement's Principal names the pulling account: `*`, the account id, its
 * root, or the task execution role (IAM User Guide, "AWS JSON policy elements: Principal").
 */
function namesPuller(
  statement: PolicyStatement,
  accountId: string,
  executionRoleArn: string | undefined,
): boolean {
  const principals = principalsOf(statement);
  if (principals === '*') return true;
  const partitionFree = (arn: string) => arn.replace(/^arn:[^:]+:/, 'arn::');
  return principals.some(
    p =>
      p === accountId ||
      partitionFree(p) === `arn::iam::${accountId}:root` ||
      (executionRoleArn !== undefined &&
        partitionFree(p) === partitionFree(executionRoleArn)),
  );
}

/** The pull actions the policy does not allow this account (empty: it does). */
function refusedPulls(
  read: RepositoryPolicyRead,
  accountId: string,
  executionRoleArn: string | undefined,
  repositoryArn: string,
): string[] | undefined {
  const policy = parsePolicy(read.policyText!);
  if (!policy) return undefined;
  // Only the statements that name the puller apply to it; with them as `Principal: *` the
  // evaluator decides actions, resources and conditions as for any policy.
  const applicable = {
    ...policy,
    Statement: policy.Statement.filter(s =>
      namesPuller(s, accountId, executionRoleArn),
    ).map(s => ({ ...s, Principal: '*' })),
  };
  return PULL_ACTIONS.filter(
    action =>
      evaluatePolicy(applicable, { action, resource: repositoryArn })
        .decision !== 'allowed',
  );
}

function policyFix(
  ctx: RuleContext,
  read: RepositoryPolicyRead,
  accountId: string,
): { fix: string; terraform: string } {
  const principal =
    ctx.spec.executionRoleArn ?? `arn:aws:iam::${accountId}:root`;
  return {
    fix: `In account ${read.registryId}, set a repository policy on ${read.repository} that allows ${principal} ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability (ECR console → Repositories → ${read.repository} → Permissions → Edit policy JSON); the execution role's own IAM policy must allow them on that repository too.`,
    terraform: [
      `# in account ${read.registryId}`,
      `resource "aws_ecr_repository_policy" "cross_account_pull" {`,
      `  repository = "${read.repository}"`,
      `  policy = jsonencode({`,
      `    Version = "2012-10-17"`,
      `    Statement = [{`,
      `      Sid       = "AllowPullFrom${accountId}"`,
      `      Effect    = "Allow"`,
      `      Principal = { AWS = "${principal}" }`,
      `      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]`,
      `    }]`,
      `  })`,
      `}`,
    ].join('\n'),
  };
}

/** Unknowns for repository policies whose read failed for a reason other than a refusal. */
export function recordRepositoryPolicyUnknowns(ctx: RuleContext): void {
  for (const read of ctx.spec.repositoryPolicies ?? []) {
    if (!read.failure || read.failure.refused) continue;
    addUnknown(
      ctx,
      {
        check: `repository policy of ${read.repository} in account ${read.registryId}`,
        rules: ['cross-account-image-denied'],
        call: read.failure.call,
        reason: read.failure.reason,
      },
      false,
    );
  }
}

/** `cross-account-image-denied`. */
export function crossAccountImageDenied(ctx: RuleContext): Finding[] {
  const accountId = ctx.spec.accountId;
  if (!accountId) return [];
  const findings: Finding[] = [];
  for (const read of ctx.spec.repositoryPolicies ?? []) {
    if (read.failure) continue;
    let why: string | undefined;
    if (read.repositoryMissing) {
      why = `the repository ${read.repository} does not exist in account ${read.registryId}`;
    } else if (read.noPolicy) {
      why = `the repository ${read.repository} in account ${read.registryId} has no repository policy, and by default only the account that created a repository can pull from it`;
    } else {
      const refused = refusedPulls(
        read,
        accountId,
        ctx.spec.executionRoleArn,
        parsePrivateEcrImage(read.image)?.repositoryArn ?? '',
      );
      if (refused === undefined || refused.length === 0) continue;
      why = `the repository policy of ${read.repository} in account ${
        read.registryId
      } does not allow ${refused.join(
        ' or ',
      )} to account ${accountId} or the task execution role`;
    }
    findings.push(
      finding('cross-account-image-denied', {
        resourceId: ctx.spec.taskDefinitionArn ?? read.image,
        message: `The image ${read.image} is in account ${read.registryId}'s registry, and ${why}, so the pull fails with "CannotPullContainerError: ... 403 Forbidden" (or "repository does not exist or may require 'docker login'").`,
        ...(read.repositoryMissing
          ? {
              fix: `Create ${read.repository} in account ${read.registryId} (and push the image), or correct the image in the task definition.`,
            }
          : policyFix(ctx, read, accountId)),
      }),
    );
  }
  return findings;
}

/** `cross-account-image-unverified`. */
export function crossAccountImageUnverified(ctx: RuleContext): Finding[] {
  const accountId = ctx.spec.accountId ?? 'this account';
  return (ctx.spec.repositoryPolicies ?? [])
    .filter(read => read.failure?.refused)
    .map(read =>
      finding('cross-account-image-unverified', {
        resourceId: ctx.spec.taskDefinitionArn ?? read.image,
        message: `The image ${read.image} is in account ${
          read.registryId
        }'s registry, whose repository policy the checker could not read (${
          read.failure!.reason
        }). The network path is judged like this account's images (same endpoints and layer bucket); verify in account ${
          read.registryId
        } that the policy of ${
          read.repository
        } allows ${accountId} (or the task execution role) ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability.`,
        fix: `Check with \`aws ecr get-repository-policy --registry-id ${read.registryId} --repository-name ${read.repository}\` from account ${read.registryId}, or let the checker read it: grant ${accountId} ecr:GetRepositoryPolicy in that policy.`,
      }),
    );
}
