/**
 * Where the container image comes from. An isolated subnet reaches ECR only through the
 * region's ecr.api/ecr.dkr endpoints and the S3 gateway, so only this region's private ECR
 * works; Docker Hub, public.ecr.aws, ghcr.io and ECR in other regions never do.
 */

/** The image the task runs. */
export type ContainerImage =
  | { kind: 'new-repository'; repositoryName: string }
  | { kind: 'private-ecr'; image: string; accountId: string };

const PRIVATE_ECR =
  /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/[a-z0-9][a-z0-9._\/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$/;

/** Classifies the image input, or explains why an isolated subnet cannot pull it. */
export function classifyImage(
  image: string | undefined,
  serviceName: string,
  region: string,
): { image: ContainerImage } | { problem: string } {
  if (!image)
    return { image: { kind: 'new-repository', repositoryName: serviceName } };
  const m = PRIVATE_ECR.exec(image);
  if (m) {
    if (m[3] !== region) {
      return {
        problem: `"${image}" is in ECR in ${m[3]}, but tasks in ${region} pull through this region's endpoints only; replicate the repository to ${region} (ECR replication) or leave the field empty to create one`,
      };
    }
    return { image: { kind: 'private-ecr', image, accountId: m[1] } };
  }
  const registry =
    image.includes('/') && /[.:]|^localhost/.test(image.split('/')[0])
      ? image.split('/')[0]
      : 'Docker Hub';
  return {
    problem: `"${image}" comes from ${registry}, which an isolated subnet (no NAT, no internet gateway) can never reach; push the image to ECR in ${region} (or use an ECR pull-through cache rule) and give <account>.dkr.ecr.${region}.amazonaws.com/<repo>:<tag>, or leave the field empty to create a repository`,
  };
}
