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
  /** What another account holds in this region (a request's `registryId`). */
  registry?: (registryId: string) => SandboxRegion;
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

/** The sandbox's digest of a cached tag: stable, shaped like ECR's `sha256:<64 hex>`. */
function digestOf(repositoryName: string, tag: string): string {
  return `sha256:${Buffer.from(`${repositoryName}:${tag}`)
    .toString('hex')
    .padEnd(64, '0')
    .slice(0, 64)}`;
}

/**
 * DescribeImages (ECR API Reference): `imageIds` name images by `imageTag` or `imageDigest`;
 * a repository that does not exist is RepositoryNotFoundException, an id it does not hold is
 * ImageNotFoundException.
 */
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
    ? (ctx.input.imageIds as Array<{ imageTag?: string; imageDigest?: string }>)
    : [];
  const tagOf = (id: { imageTag?: string; imageDigest?: string }) =>
    id.imageTag !== undefined
      ? repository.imageTags.find(t => t === id.imageTag)
      : repository.imageTags.find(
          t => digestOf(repositoryName, t) === id.imageDigest,
        );
  const missing = ids.find(id => tagOf(id) === undefined);
  if (missing)
    throw new AwsApiError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'${
        missing.imageDigest ?? 'null'
      }', imageTag:'${
        missing.imageTag ?? 'null'
      }'} does not exist within the repository with name '${repositoryName}' in the registry with id '${
        ctx.accountId
      }'`,
    );
  const tags = ids.length ? ids.map(id => tagOf(id)!) : repository.imageTags;
  return {
    imageDetails: tags.map(tag => ({
      registryId: ctx.accountId,
      repositoryName,
      imageTags: [tag],
      imageDigest: digestOf(repositoryName, tag),
      imagePushedAt: 1768471200,
    })),
  };
};

/** Principals of a statement, as written (`*`, an account id, or ARNs). */
function principalsOf(statement: Record<string, unknown>): string[] {
  const p = statement.Principal;
  if (p === '*') return ['*'];
  const aws = (p as { AWS?: string | string[] } | undefined)?.AWS;
  if (aws === undefined) return [];
  return Array.isArray(aws) ? aws : [aws];
}

/** True when an Allow statement of the policy names the account (or `*`) for the action. */
function policyAllows(
  policyText: string | undefined,
  accountId: string,
  action: string,
): boolean {
  if (!policyText) return false;
  let statements: Array<Record<string, unknown>> = [];
  try {
    const doc = JSON.parse(policyText) as { Statement?: unknown };
    statements = (
      Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
    ) as Array<Record<string, unknown>>;
  } catch {
    return false;
  }
  const named = (principal: string) =>
    principal === '*' ||
    principal === accountId ||
    principal.startsWith(`arn:aws:iam::${accountId}:`);
  const actionMatches = (a: string) =>
    new RegExp(
      `^${a.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
      'i',
    ).test(action);
  return statements.some(st => {
    const actions = Array.isArray(st.Action) ? st.Action : [st.Action];
    return (
      String(st.Effect).toLowerCase() === 'allow' &&
      principalsOf(st).some(named) &&
      actions.some(a => typeof a === 'string' && actionMatches(a))
    );
  });
}

/**
 * GetRepositoryPolicy (ECR API Reference): `registryId` names the registry, the caller's by
 * default. "By default, only the AWS account that created the repository has access to the
 * repository" (ECR User Guide, "Private repository policies"): another account is refused
 * with AccessDeniedException unless the repository policy allows it the action. The owner
 * gets RepositoryPolicyNotFoundException when no policy is set.
 */
const getRepositoryPolicy: EcrAction = ctx => {
  const registryId = String(ctx.input.registryId ?? ctx.accountId);
  const repositoryName = String(ctx.input.repositoryName ?? '');
  const owner =
    registryId === ctx.accountId ? ctx.region : ctx.registry?.(registryId);
  const repository = (owner?.repositories ?? []).find(
    r => r.name === repositoryName,
  );
  const arn = `arn:aws:ecr:${ctx.regionName}:${registryId}:repository/${repositoryName}`;
  if (
    registryId !== ctx.accountId &&
    !policyAllows(
      repository?.policyText,
      ctx.accountId,
      'ecr:GetRepositoryPolicy',
    )
  )
    throw new AwsApiError(
      'AccessDeniedException',
      `User: arn:aws:sts::${ctx.accountId}:assumed-role/fargate-endpoints-checker/sandbox is not authorized to perform: ecr:GetRepositoryPolicy on resource: ${arn} because no resource-based policy allows the ecr:GetRepositoryPolicy action`,
    );
  if (!repository)
    throw new AwsApiError(
      'RepositoryNotFoundException',
      `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`,
    );
  if (!repository.policyText)
    throw new AwsApiError(
      'RepositoryPolicyNotFoundException',
      `Repository policy does not exist for the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
    );
  return { registryId, repositoryName, policyText: repository.policyText };
};

/** Every ECR action the sandbox answers. */
export const ECR_ACTIONS: Record<string, EcrAction> = {
  DescribePullThroughCacheRules: describePullThroughCacheRules,
  DescribeImages: describeImages,
  GetRepositoryPolicy: getRepositoryPolicy,
};
