/**
 * `pull-through-cache-uncached`: an image whose repository sits under an ECR pull-through
 * cache prefix is served from the cache through the ecr.api/ecr.dkr endpoints and the S3
 * gateway once ECR holds it. Until then the pull makes ECR fetch it from the upstream
 * registry, and AWS documents that this first pull does not work through the endpoints alone:
 * when ECR is reached through interface VPC endpoints, the first pull of an image through a
 * pull through cache rule needs a public subnet with a NAT gateway and the private subnets'
 * internet traffic routed to it; subsequent pulls do not (ECR User Guide, "Amazon ECR
 * interface VPC endpoints (AWS PrivateLink)", Considerations,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html).
 *
 * The identity that makes that first pull also needs `ecr:BatchImportUpstreamImage`, and
 * `ecr:CreateRepository` while the repository does not exist (ECR User Guide, "IAM
 * permissions required to sync an upstream registry with an Amazon ECR private registry",
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html); for a
 * Fargate task that is the task execution role. The checker reads no IAM, so the fix names
 * them instead of judging them.
 *
 * Only an isolated path is judged: a NAT or internet path gives the first pull its way out.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { PullThroughCacheImage } from '../model';
import { RuleContext, addUnknown, finding } from './context';

const RULE = 'pull-through-cache-uncached' as const;

/** Unknowns for images whose cache state could not be read, on an isolated path. */
export function recordPullThroughCacheUnknowns(ctx: RuleContext): void {
  const read = ctx.spec.pullThroughCache;
  if (!read || !ctx.isolated) return;
  if (read.failure) {
    addUnknown(
      ctx,
      {
        check: `ECR pull-through cache rules (${read.failure.images.join(
          ', ',
        )})`,
        rules: [RULE],
        call: read.failure.call,
        reason: read.failure.reason,
      },
      false,
    );
  }
  for (const image of read.images) {
    if (!image.failure) continue;
    addUnknown(
      ctx,
      {
        check: `ECR pull-through cache of ${image.image}`,
        rules: [RULE],
        call: image.failure.call,
        reason: image.failure.reason,
      },
      false,
    );
  }
}

function notCachedBecause(image: PullThroughCacheImage): string {
  return image.repositoryMissing
    ? `the repository ${image.repository} does not exist yet`
    : `the repository ${image.repository} does not hold it`;
}

/** `pull-through-cache-uncached`. */
export function pullThroughCacheUncached(ctx: RuleContext): Finding[] {
  if (!ctx.isolated) return [];
  return (ctx.spec.pullThroughCache?.images ?? [])
    .filter(image => image.cached === false)
    .map(image => {
      const permissions = image.repositoryMissing
        ? '`ecr:BatchImportUpstreamImage` and `ecr:CreateRepository`'
        : '`ecr:BatchImportUpstreamImage`';
      return finding(RULE, {
        resourceId: ctx.spec.taskDefinitionArn ?? image.image,
        message: `The image ${
          image.image
        } is under the ECR pull-through cache prefix "${
          image.ecrRepositoryPrefix
        }/" (upstream ${
          image.upstreamRegistryUrl
        }) and is not cached yet: ${notCachedBecause(
          image,
        )}. On a first pull ECR fetches the image from the upstream registry, which AWS documents needs a NAT gateway route from the task subnets when ECR is reached through interface endpoints; the tasks have no route out, so they fail with "CannotPullContainerError" until the image is cached.`,
        fix: `Pull ${
          image.image
        } once from a network with internet access (\`aws ecr get-login-password | docker login --username AWS --password-stdin ${
          image.image.split('/')[0]
        }\`, then \`docker pull ${
          image.image
        }\`), or give the task subnets a 0.0.0.0/0 route to a NAT gateway for the first pull; later pulls come from the cache through the endpoints. The identity that pulls first (the task execution role, for the tasks) needs ${permissions}.`,
      });
    });
}
