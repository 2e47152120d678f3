/**
 * Amazon ECR, as its AWS JSON 1.1 API answers (ECR API Reference; target prefix
 * `AmazonEC2ContainerRegistry_V20150921.`): DescribePullThroughCacheRules and DescribeImages,
 * enough to tell whether an image under a pull-through cache prefix is cached yet.
 */
import { AwsApiError } from '../protocol/errors';
import type { SandboxRegion } from '../world/types';

/** The X-Amz-Target prefix of ECR actions. */
export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';

/** What an ECR action gets. */
export interface EcrCallContext {
  region: SandboxRegion;
  regionName: string;
  accountId: string;
  input: Record<string, unknown>;
}

/** An ECR action: returns the JSON body. */
export type EcrAction = (ctx: EcrCallContext) => unknown;

const describePullThroughCacheRules: EcrAction = ctx => {
  const prefixes = Array.isArray(ctx.input.ecrRepositoryPrefixes)
    ? (ctx.input.ecrRepositoryPrefixes as string[])
    : undefined;
  const rules = (ctx.region.pullThroughCacheRules ?? []).filter(
    r => !prefixes || prefixes.includes(r.ecrRepositoryPrefix),
  );
  const missing = prefixes?.find(
    p => !rules.some(r => r.ecrRepositoryPrefix === p),
  );
  if (missing)
    throw new AwsApiError(
      'PullThroughCacheRuleNotFoundException',
      `The pull through cache rule with prefix '${missing}' does not exist in the registry with id '${ctx.accountId}'`,
    );
  return {
    pullThroughCacheRules: rules.map(r => ({
      ecrRepositoryPrefix: r.ecrRepositoryPrefix,
      upstreamRegistryUrl: r.upstreamRegistryUrl,
      createdAt: 1768471200,
      registryId: ctx.accountId,
    })),
  };
};

const describeImages: EcrAction = ctx => {
  const repositoryName = String(ctx.input.repositoryName ?? '');
  const repository = (ctx.region.repositories ?? []).find(
    r => r.name === repositoryName,
  );
  if (!repository)
    throw new AwsApiError(
      'RepositoryNotFoundException',
      `The repository with name '${repositoryName}' does not exist in the registry with id '${ctx.accountId}'`,
    );
  const ids = Array.isArray(ctx.input.imageIds)
    ? (ctx.input.imageIds as Array<{ imageTag?: string }>)
    : [];
  const tags = ids.length
    ? ids.map(i => i.imageTag ?? '')
    : repository.imageTags;
  const missing = tags.find(t => !repository.imageTags.includes(t));
  if (missing)
    throw new AwsApiError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'null', imageTag:'${missing}'} does not exist within the repository with name '${repositoryName}' in the registry with id '${ctx.accountId}'`,
    );
  return {
    imageDetails: tags.map(tag => ({
      registryId: ctx.accountId,
      repositoryName,
      imageTags: [tag],
      imageDigest: `sha256:${Buffer.from(`${repositoryName}:${tag}`)
        .toString('hex')
        .padEnd(64, '0')
        .slice(0, 64)}`,
      imagePushedAt: 1768471200,
    })),
  };
};

/** Every ECR action the sandbox answers. */
export const ECR_ACTIONS: Record<string, EcrAction> = {
  DescribePullThroughCacheRules: describePullThroughCacheRules,
  DescribeImages: describeImages,
};
