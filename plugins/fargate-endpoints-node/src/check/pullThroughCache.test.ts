/**
 * ECR pull-through cache through the real SDK: media-worker's sidecar comes from the
 * registry's `ecr-public` pull-through cache rule and is cached (ready); an image the cache
 * does not hold yet, on an isolated path, fires pull-through-cache-uncached.
 */
import {
  createExampleWorld,
  ecrImage,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  regionOf,
  type SandboxWorld,
} from '@fargate-endpoints/aws-sandbox';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const media = EXAMPLE_SERVICES['media-worker'];
const legacy = EXAMPLE_SERVICES['legacy-reports'];
const { sandbox, clients } = useExampleSandbox();

const check = (serviceArn = media.serviceArn) =>
  runCheck(createAwsReader(clients()), { kind: 'ecs-service', serviceArn });

const errors = (report: CheckReport) =>
  report.findings.filter(f => f.severity === 'error').map(f => f.rule);

const region = (world: SandboxWorld) =>
  regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION);

const CACHED = 'ecr-public/docker/library/redis';

function changed(change: (world: SandboxWorld) => void) {
  const world = createExampleWorld();
  change(world);
  sandbox.world = world;
}

/** Sets the image of media-worker's pull-through cache sidecar, or of another service's first container. */
function useImage(world: SandboxWorld, family: string, image: string) {
  const { containerDefinitions } = region(world).taskDefinitions.find(
    t => t.family === family,
  )!;
  (
    containerDefinitions.find(c => c.name === 'thumbnail-cache') ??
    containerDefinitions[0]
  ).image = image;
}

describe('ECR pull-through cache', () => {
  it('is ready when the image under the prefix is cached', async () => {
    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(sandbox.callsPerAction()).toMatchObject({
      DescribePullThroughCacheRules: 1,
      DescribeImages: 1,
    });
  });

  it('is ready when the image is named by a digest the cache holds', async () => {
    const digest = `sha256:${Buffer.from(`${CACHED}:7.4`)
      .toString('hex')
      .padEnd(64, '0')
      .slice(0, 64)}`;
    changed(world =>
      useImage(
        world,
        'media-worker',
        `${ecrImage(EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION, CACHED).replace(
          /:[^:]*$/,
          '',
        )}@${digest}`,
      ),
    );
    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('ready');
  });

  it('fires pull-through-cache-uncached when the cache does not hold the tag yet', async () => {
    changed(world =>
      useImage(
        world,
        'media-worker',
        ecrImage(EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION, CACHED, '8.0'),
      ),
    );
    const report = await check();
    expect(errors(report)).toEqual(['pull-through-cache-uncached']);
    expect(report.verdict).toBe('not-ready');
    const found = report.findings[0];
    expect(found.message).toContain('"ecr-public/" (upstream public.ecr.aws)');
    expect(found.message).toContain(`${CACHED} does not hold it`);
    expect(found.fix).toContain('ecr:BatchImportUpstreamImage');
    expect(found.fix).not.toContain('ecr:CreateRepository');
  });

  it('fires it, naming ecr:CreateRepository, when the repository does not exist yet', async () => {
    changed(world =>
      useImage(
        world,
        'media-worker',
        ecrImage(
          EXAMPLE_ACCOUNT_ID,
          EXAMPLE_REGION,
          'ecr-public/nginx/nginx',
          '1.27',
        ),
      ),
    );
    const report = await check();
    expect(errors(report)).toEqual(['pull-through-cache-uncached']);
    expect(report.findings[0].message).toContain(
      'the repository ecr-public/nginx/nginx does not exist yet',
    );
    expect(report.findings[0].fix).toContain('ecr:CreateRepository');
  });

  it('names the longest matching prefix when rules nest', async () => {
    changed(world => {
      region(world).pullThroughCacheRules!.push({
        ecrRepositoryPrefix: 'ecr-public/docker',
        upstreamRegistryUrl: 'public.ecr.aws/docker',
      });
      useImage(
        world,
        'media-worker',
        ecrImage(EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION, CACHED, '8.0'),
      );
    });
    const report = await check();
    expect(errors(report)).toEqual(['pull-through-cache-uncached']);
    expect(report.findings[0].message).toContain(
      '"ecr-public/docker/" (upstream public.ecr.aws/docker)',
    );
  });

  it('stays quiet for a repository under no prefix', async () => {
    changed(world => {
      region(world).pullThroughCacheRules = [];
      region(world).repositories = [];
    });
    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(sandbox.callsPerAction().DescribeImages).toBeUndefined();
  });

  it('stays quiet, without asking ECR, on a NAT path, where the first pull has its way out', async () => {
    changed(world => {
      region(world).pullThroughCacheRules = [
        {
          ecrRepositoryPrefix: 'docker-hub',
          upstreamRegistryUrl: 'registry-1.docker.io',
        },
      ];
      useImage(
        world,
        'legacy-reports',
        ecrImage(
          EXAMPLE_ACCOUNT_ID,
          EXAMPLE_REGION,
          'docker-hub/library/nginx',
        ),
      );
    });
    const report = await check(legacy.serviceArn);
    expect(errors(report)).toEqual([]);
    expect(sandbox.callsPerAction().DescribePullThroughCacheRules).toBe(
      undefined,
    );
  });

  it('is unknown, never ready, when the rules cannot be read', async () => {
    sandbox.setFaults([
      { action: 'DescribePullThroughCacheRules', kind: 'access-denied' },
    ]);
    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    expect(
      report.unknown.find(u => u.call === 'DescribePullThroughCacheRules')
        ?.reason,
    ).toMatch(/ecr:DescribePullThroughCacheRules/);
  });

  it('is unknown when DescribeImages is refused', async () => {
    sandbox.setFaults([{ action: 'DescribeImages', kind: 'access-denied' }]);
    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    const unknown = report.unknown.find(u => u.call === 'DescribeImages');
    expect(unknown?.rules).toEqual(['pull-through-cache-uncached']);
    expect(unknown?.reason).toMatch(/ecr:DescribeImages/);
  });
});
