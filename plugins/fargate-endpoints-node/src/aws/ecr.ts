/**
 * ECR pull-through cache reads for the images of a task definition: the registry's rules
 * (DescribePullThroughCacheRules, once) and, for each image whose repository sits under a
 * rule's prefix, whether its tag or digest is cached yet (DescribeImages). Nothing here
 * throws on an AWS fault: a failure is kept with the image (or with the whole read).
 *
 * ECR matches a repository to a rule by prefix, "There is always an assumed / applied to the
 * end of the prefix" (ECR API Reference, CreatePullThroughCacheRule, ecrRepositoryPrefix).
 */
import {
  DescribeImagesCommand,
  DescribePullThroughCacheRulesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  type ImageIdentifier,
} from '@aws-sdk/client-ecr';
import type {
  PullThroughCacheImage,
  PullThroughCacheRead,
  RepositoryPolicyRead,
} from '../model';
import { parsePrivateEcrImage } from '../spec/images';
import {
  awsErrorCode,
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './awsErrors';

/** A pull-through cache rule: images under `<prefix>/` are fetched from the upstream registry. */
type CacheRule = PullThroughCacheRule;

/** The tag or digest an image reference names; `latest` when it names neither (Docker's default). */
export function imageIdentifier(image: string): ImageIdentifier {
  const at = image.indexOf('@');
  if (at >= 0) return { imageDigest: image.slice(at + 1) };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash);
  return { imageTag: colon >= 0 ? image.slice(colon + 1) : 'latest' };
}

function rethrowCredentials(error: unknown) {
  if (isMissingCredentialsError(error) || isRejectedCredentialsError(error))
    throw error;
}

/** An answer that lacks what the read needs; its message is the reason as is. */
class EcrAnswerGap extends Error {}

/** A pull-through cache rule of the registry (DescribePullThroughCacheRules). */
export interface PullThroughCacheRule {
  /** `ecrRepositoryPrefix`, without a trailing `/`. */
  prefix: string;
  upstreamRegistryUrl: string;
}

/**
 * Reads the registry's pull-through cache rules, longest prefix first. Throws the SDK error
 * on AWS faults (so that a caller sharing the read can see the failure), and an answer
 * without `pullThroughCacheRules` as an error of its own: nothing is known from it.
 */
export async function readPullThroughCacheRules(
  ecr: ECRClient,
): Promise<PullThroughCacheRule[]> {
  const rules: CacheRule[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const out = await ecr.send(
      new DescribePullThroughCacheRulesCommand({ nextToken }),
    );
    if (!out.pullThroughCacheRules)
      throw new EcrAnswerGap(
        'the DescribePullThroughCacheRules answer holds no pullThroughCacheRules',
      );
    for (const r of out.pullThroughCacheRules) {
      if (r.ecrRepositoryPrefix && r.upstreamRegistryUrl)
        rules.push({
          prefix: r.ecrRepositoryPrefix.replace(/\/$/, ''),
          upstreamRegistryUrl: r.upstreamRegistryUrl,
        });
    }
    nextToken = out.nextToken;
    if (!nextToken) break;
  }
  // The longest prefix decides when several match (`docker-hub` and `docker-hub/team`).
  return rules.sort((a, b) => b.prefix.length - a.prefix.length);
}

async function readImage(
  ecr: ECRClient,
  image: string,
  repository: string,
  rule: CacheRule,
): Promise<PullThroughCacheImage> {
  const base = {
    image,
    repository,
    ecrRepositoryPrefix: rule.prefix,
    upstreamRegistryUrl: rule.upstreamRegistryUrl,
  };
  try {
    const out = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: repository,
        imageIds: [imageIdentifier(image)],
      }),
    );
    if (!out.imageDetails)
      return {
        ...base,
        failure: {
          call: 'DescribeImages',
          reason: `${repository}: the DescribeImages answer holds no imageDetails`,
        },
      };
    return { ...base, cached: out.imageDetails.length > 0 };
  } catch (error) {
    rethrowCredentials(error);
    // The two answers that mean "not cached yet" (ECR API Reference, DescribeImages, Errors).
    const code = awsErrorCode(error);
    if (code === 'RepositoryNotFoundException')
      return { ...base, cached: false, repositoryMissing: true };
    if (code === 'ImageNotFoundException') return { ...base, cached: false };
    return {
      ...base,
      failure: {
        call: 'DescribeImages',
        reason: `${repository}: ${describeAwsError(
          error,
          'ecr',
          'DescribeImages',
        )}`,
      },
    };
  }
}

/**
 * Reads which of the images sit under a pull-through cache prefix of the caller's registry and
 * whether each is cached. Only private ECR images of `accountId` in `region` are asked about
 * (the rules are the registry's own); an image under no prefix is left out.
 */
export async function readPullThroughCache(
  ecr: ECRClient,
  images: readonly string[],
  target: { region: string; accountId?: string },
  /** The registry's rules, when the caller shares one read of them; read here otherwise. */
  rules: () => Promise<PullThroughCacheRule[]> = () =>
    readPullThroughCacheRules(ecr),
): Promise<PullThroughCacheRead> {
  const candidates = [...new Set(images)].flatMap(image => {
    const parsed = parsePrivateEcrImage(image);
    if (!parsed || parsed.region !== target.region) return [];
    if (target.accountId && parsed.accountId !== target.accountId) return [];
    return [{ image, repository: parsed.repository }];
  });
  if (candidates.length === 0) return { images: [] };
  let registryRules: CacheRule[];
  try {
    registryRules = await rules();
  } catch (error) {
    rethrowCredentials(error);
    return {
      images: [],
      failure: {
        call: 'DescribePullThroughCacheRules',
        reason:
          error instanceof EcrAnswerGap
            ? error.message
            : describeAwsError(error, 'ecr', 'DescribePullThroughCacheRules'),
        images: candidates.map(c => c.image),
      },
    };
  }
  const matched = candidates.flatMap(c => {
    const rule = registryRules.find(r =>
      c.repository.startsWith(`${r.prefix}/`),
    );
    return rule ? [{ ...c, rule }] : [];
  });
  return {
    images: await Promise.all(
      matched.map(m => readImage(ecr, m.image, m.repository, m.rule)),
    ),
  };
}

async function readRepositoryPolicy(
  ecr: ECRClient,
  image: string,
  registryId: string,
  repository: string,
): Promise<RepositoryPolicyRead> {
  const base = { image, registryId, repository };
  try {
    const out = await ecr.send(
      new GetRepositoryPolicyCommand({
        registryId,
        repositoryName: repository,
      }),
    );
    if (!out.policyText)
      return {
        ...base,
        failure: {
          call: 'GetRepositoryPolicy',
          reason: `${repository} in ${registryId}: the GetRepositoryPolicy answer holds no policyText`,
        },
      };
    return { ...base, policyText: out.policyText };
  } catch (error) {
    rethrowCredentials(error);
    // ECR API Reference, GetRepositoryPolicy, Errors.
    const code = awsErrorCode(error);
    if (code === 'RepositoryPolicyNotFoundException')
      return { ...base, noPolicy: true };
    if (code === 'RepositoryNotFoundException')
      return { ...base, repositoryMissing: true };
    return {
      ...base,
      failure: {
        call: 'GetRepositoryPolicy',
        refused: code === 'AccessDeniedException' || code === 'AccessDenied',
        reason: `${repository} in ${registryId}: ${describeAwsError(
          error,
          'ecr',
          'GetRepositoryPolicy',
        )}`,
      },
    };
  }
}

/**
 * Reads the repository policy of each image in another account's registry in this region
 * (GetRepositoryPolicy with its `registryId`). Another account's policy is readable only when
 * it grants this account `ecr:GetRepositoryPolicy`; otherwise the read fails (kept with the
 * image), which the rules report as something to verify, never as a denial.
 */
export function readRepositoryPolicies(
  ecr: ECRClient,
  images: readonly string[],
  target: { region: string; accountId: string },
): Promise<RepositoryPolicyRead[]> {
  const crossAccount = [...new Set(images)].flatMap(image => {
    const parsed = parsePrivateEcrImage(image);
    return parsed &&
      parsed.region === target.region &&
      parsed.accountId !== target.accountId
      ? [{ image, parsed }]
      : [];
  });
  return Promise.all(
    crossAccount.map(({ image, parsed }) =>
      readRepositoryPolicy(ecr, image, parsed.accountId, parsed.repository),
    ),
  );
}
