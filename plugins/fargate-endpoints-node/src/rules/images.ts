/**
 * `image-registry-unreachable`: from an isolated subnet only this region's private ECR is
 * reachable (through its endpoints); Docker Hub, public.ecr.aws, other registries and other
 * regions' ECR are not.
 */
import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  imageRegistry,
  isPrivateEcrImageInRegion,
  parsePrivateEcrImage,
  privateEcrHost,
} from '../spec/images';
import { RuleContext, finding } from './context';

function registryOf(image: string, region: string): string {
  const ecr = parsePrivateEcrImage(image);
  if (ecr) return `private ECR in ${ecr.region}, not ${region}`;
  return imageRegistry(image);
}

function pullThroughCacheTf(registry: string): string | undefined {
  if (registry === 'public.ecr.aws') {
    return [
      `resource "aws_ecr_pull_through_cache_rule" "ecr_public" {`,
      `  ecr_repository_prefix = "ecr-public"`,
      `  upstream_registry_url = "public.ecr.aws"`,
      `}`,
    ].join('\n');
  }
  if (registry === 'Docker Hub') {
    return [
      `resource "aws_ecr_pull_through_cache_rule" "docker_hub" {`,
      `  ecr_repository_prefix = "docker-hub"`,
      `  upstream_registry_url = "registry-1.docker.io"`,
      `  credential_arn        = aws_secretsmanager_secret.docker_hub.arn # name must start with ecr-pullthroughcache/`,
      `}`,
    ].join('\n');
  }
  return undefined;
}

/** `image-registry-unreachable`: an isolated task pulls an image from outside this region's private ECR. */
export function imageRegistryUnreachable(ctx: RuleContext): Finding[] {
  if (!ctx.isolated) return [];
  const host = privateEcrHost(
    ctx.spec.accountId ?? ctx.snapshot.accountId ?? '<account>',
    ctx.region,
  );
  return [...new Set(ctx.spec.images)]
    .filter(image => !isPrivateEcrImageInRegion(image, ctx.region))
    .map(image => {
      const registry = registryOf(image, ctx.region);
      return finding('image-registry-unreachable', {
        resourceId: ctx.spec.taskDefinitionArn ?? image,
        message: `The image ${image} comes from ${registry}. Tasks in an isolated subnet can only reach this region's private ECR (${host}) through its endpoints, so the pull fails with "CannotPullContainerError: ... i/o timeout".`,
        fix: `Copy the image into a private ECR repository in ${ctx.region} (or set up an ECR pull-through cache rule for ${registry}) and change the task definition to ${host}/<repository>:<tag>.`,
        terraform: pullThroughCacheTf(registry),
      });
    });
}
