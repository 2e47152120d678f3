/**
 * Where a container image comes from. An isolated subnet reaches ECR only through the
 * region's ecr.api/ecr.dkr endpoints and the S3 gateway, so only this region's private ECR
 * works; Docker Hub, public.ecr.aws, ghcr.io and ECR in other regions never do.
 */
import {
  partitionOfRegion,
  regionDnsSuffix,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** An image in a private ECR registry. */
export interface PrivateEcrImage {
  accountId: string;
  region: string;
  repository: string;
  /** `arn:<partition>:ecr:<region>:<account>:repository/<name>`. */
  repositoryArn: string;
}

/**
 * `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repo>[:tag|@digest]`, as ECR names
 * registries (ECR User Guide, "Private registry concepts").
 */
const PRIVATE_ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(\.cn)?\/([a-z0-9][a-z0-9._/-]*)(?:[:@]\S*)?$/;

/** Parses a private ECR image reference; undefined for any other image. */
export function parsePrivateEcrImage(
  image: string,
): PrivateEcrImage | undefined {
  const m = PRIVATE_ECR_IMAGE.exec(image.trim());
  if (!m) return undefined;
  const [, accountId, region, china, repository] = m;
  const partition = partitionOfRegion(region);
  // The registry host must carry the suffix of the region's partition.
  if (!partition || Boolean(china) !== (partition === 'aws-cn'))
    return undefined;
  return {
    accountId,
    region,
    repository,
    repositoryArn: `arn:${partition}:ecr:${region}:${accountId}:repository/${repository}`,
  };
}

/** True when the image is in this region's private ECR, the only registry an isolated subnet can reach. */
export function isPrivateEcrImageInRegion(
  image: string,
  region: string,
): boolean {
  return parsePrivateEcrImage(image)?.region === region;
}

/** The registry an image is pulled from, for messages: `Docker Hub`, `ghcr.io`, `public.ecr.aws`. */
export function imageRegistry(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && /[.:]|^localhost/.test(first)
    ? first
    : 'Docker Hub';
}

/** The private ECR host of an account in a region: `<account>.dkr.ecr.<region>.amazonaws.com`. */
export function privateEcrHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.${regionDnsSuffix(region)}`;
}

/**
 * Why an isolated subnet in the region cannot pull the image, naming the fix; undefined
 * when it can (this region's private ECR).
 *
 * @public
 */
export function imagePullProblem(
  image: string,
  region: string,
): string | undefined {
  const ecr = parsePrivateEcrImage(image);
  if (ecr?.region === region) return undefined;
  if (ecr) {
    return `"${image}" is in ECR in ${ecr.region}, but tasks in ${region} pull through this region's endpoints only (VPC endpoints do not serve other regions); replicate the repository to ${region} (ECR replication)`;
  }
  return `"${image}" comes from ${imageRegistry(
    image,
  )}, which an isolated subnet (no NAT, no internet gateway) can never reach; push the image to ECR in ${region} (or use an ECR pull-through cache rule) and give ${privateEcrHost(
    '<account>',
    region,
  )}/<repo>:<tag>`;
}
