/**
 * What a task definition needs besides the VPC endpoints, one row each, for the report's
 * `dependencies`: its EFS volumes, its images behind an ECR pull-through cache, its images in
 * another account's registry. The rules (efs.ts, pullThroughCache.ts, crossAccountImages.ts)
 * decide; a row only says which of their findings and unknowns name it, so a Ready card and
 * the CLI also show what was checked beyond the endpoints, and a Not ready one which volume
 * or image is the problem.
 */
import {
  RULES,
  type DependencyStatus,
  type Finding,
  type RuleId,
  type UnknownCheck,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { reportPath } from '../network/routes';
import type { StartFetch } from '../spec/startFetches';
import { RuleContext } from './context';
import { availableInVpc, mountTargetZone } from './efs';

const EFS_RULES: RuleId[] = ['efs-mount-target-missing', 'efs-nfs-blocked'];
const CACHE_RULES: RuleId[] = ['pull-through-cache-uncached'];
const POLICY_RULES: RuleId[] = [
  'cross-account-image-denied',
  'cross-account-image-unverified',
];

/** Findings of the rules whose message names the resource (every one of them does). */
function findingsNaming(findings: Finding[], rules: RuleId[], id: string) {
  return findings.filter(f => rules.includes(f.rule) && f.message.includes(id));
}

/** Unknowns of the rules whose check names the resource or one of its parts. */
function unknownsNaming(
  unknown: UnknownCheck[],
  rules: RuleId[],
  ids: string[],
) {
  return unknown.filter(
    u =>
      u.rules.some(r => rules.includes(r)) &&
      ids.some(id => u.check.includes(id)),
  );
}

/** A row from what the rules found; `ok` is the sentence when nothing names it. */
function row(
  base: Omit<DependencyStatus, 'status' | 'detail'>,
  named: Finding[],
  unknown: UnknownCheck[],
  ok: string,
): DependencyStatus {
  const errors = named.filter(f => f.severity === 'error');
  if (errors.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: [...new Set(errors.map(f => RULES[f.rule].title))].join('; '),
    };
  }
  if (unknown.length > 0) {
    return {
      ...base,
      status: 'unknown',
      detail: `not checked: ${unknown
        .map(u => `${u.check}${u.call ? ` (${u.call})` : ''}: ${u.reason}`)
        .join('; ')}`,
    };
  }
  if (named.length > 0) {
    return {
      ...base,
      status: 'warn',
      detail: [...new Set(named.map(f => RULES[f.rule].title))].join('; '),
    };
  }
  return { ...base, status: 'ok', detail: ok };
}

function efsRows(ctx: RuleContext, findings: Finding[]): DependencyStatus[] {
  return (ctx.spec.fileSystems ?? []).map(fs => {
    const targets = availableInVpc(ctx, fs.mountTargets ?? []);
    const served = new Set(targets.map(t => mountTargetZone(ctx, t)));
    const zones = [...new Set(ctx.taskSubnets.map(s => s.availabilityZone))]
      .filter(z => served.has(z))
      .sort();
    return row(
      {
        kind: 'efs-volume',
        id: fs.id,
        label: `EFS file system ${fs.id}`,
        rules: EFS_RULES,
      },
      findingsNaming(findings, EFS_RULES, fs.id),
      // recordEfsUnknowns names the file system; efsNfsBlocked names its mount targets.
      unknownsNaming(ctx.unknown, EFS_RULES, [
        fs.id,
        ...targets.map(t => t.id),
      ]),
      `a mount target in each AZ of the task subnets (${zones.join(
        ', ',
      )}); NFS (TCP 2049) open both ways`,
    );
  });
}

function cacheRows(ctx: RuleContext, findings: Finding[]): DependencyStatus[] {
  // runCheck reads the cache only for an isolated path, where an uncached image is an error
  // (pullThroughCacheUncached) and an unreadable one an unknown: a row with neither is cached.
  const read = ctx.spec.pullThroughCache;
  if (!read) return [];
  const rows = read.images.map(image => ({
    image: image.image,
    cachedBy: `the pull-through cache rule ${image.ecrRepositoryPrefix}/ (upstream ${image.upstreamRegistryUrl})`,
  }));
  // When the rules could not be read, the ECR images nothing is known about.
  for (const image of read.failure?.images ?? [])
    rows.push({ image, cachedBy: 'a pull-through cache rule' });
  return rows.map(({ image, cachedBy }) =>
    row(
      {
        kind: 'pull-through-cache-image',
        id: image,
        label: `image ${image}`,
        rules: CACHE_RULES,
      },
      findingsNaming(findings, CACHE_RULES, image),
      // recordPullThroughCacheUnknowns names the image, or every image when the rules failed.
      unknownsNaming(ctx.unknown, CACHE_RULES, [image]),
      `cached by ${cachedBy}; pulls come from ECR through the endpoints`,
    ),
  );
}

function policyRows(ctx: RuleContext, findings: Finding[]): DependencyStatus[] {
  return (ctx.spec.repositoryPolicies ?? []).map(read =>
    row(
      {
        kind: 'cross-account-image',
        id: read.image,
        label: `image ${read.image}`,
        rules: POLICY_RULES,
      },
      findingsNaming(findings, POLICY_RULES, read.image),
      // As recordRepositoryPolicyUnknowns names it (a refusal is a note, not an unknown).
      unknownsNaming(ctx.unknown, POLICY_RULES, [
        `repository policy of ${read.repository} in account ${read.registryId}`,
      ]),
      `the repository policy of ${read.repository} in account ${read.registryId} lets this account pull it`,
    ),
  );
}

/** The rules that judge the way to a start fetch in the task's own region, through its endpoint. */
const PATH_RULES: RuleId[] = [
  'missing-endpoint',
  'endpoint-not-available',
  'private-dns-disabled',
  'vpc-dns-disabled',
  'endpoint-sg-blocks-tasks',
  'task-egress-blocked',
  's3-route-table-missing',
  'nacl-blocks-https',
  'hub-zone-wrong-name',
  'hub-endpoint-unreachable',
  'hub-endpoint-not-ready',
];
const FETCH_RULES: RuleId[] = [
  'start-fetch-other-region',
  'endpoint-policy-denies',
  ...PATH_RULES,
];

/** What carries a start fetch when nothing is wrong with it. */
function fetchCarrier(ctx: RuleContext, fetch: StartFetch): string {
  const path = reportPath(ctx.subnetPaths);
  if (fetch.region !== ctx.region)
    return `in ${fetch.region}, reached over the task subnets' ${path} path (VPC endpoints serve ${ctx.region} only)`;
  const use = ctx.endpointUses.find(
    u => u.requirement.service === fetch.service,
  );
  if (use?.endpoint?.id && use.inUse)
    return `through ${use.endpoint.id}, whose policy allows it`;
  if (use?.hub?.kind === 'served')
    return `through the hub endpoint behind ${use.hub.name}`;
  return `over the task subnets' ${path} path`;
}

/**
 * Rows for the start fetches the endpoint rows do not already stand for: those to another
 * region, and S3 objects (environment files, FireLens configuration) besides the layer bucket.
 */
function fetchRows(ctx: RuleContext, findings: Finding[]): DependencyStatus[] {
  const beyondEndpoints = (ctx.spec.startFetches ?? []).filter(
    f => f.region !== ctx.region || f.service === 's3',
  );
  return beyondEndpoints.map(fetch => {
    const sameRegion = fetch.region === ctx.region;
    const named = findings.filter(
      f =>
        (f.rule === 'start-fetch-other-region' ||
          f.rule === 'endpoint-policy-denies') &&
        f.message.includes(fetch.resource),
    );
    // In its own region the fetch takes the service's endpoint, so what fails that path fails it.
    const path = sameRegion
      ? findings.filter(
          f =>
            PATH_RULES.includes(f.rule) &&
            (f.service === fetch.service || f.service === undefined),
        )
      : [];
    const unknown = sameRegion
      ? ctx.unknown.filter(
          u =>
            u.rules.some(r => FETCH_RULES.includes(r)) &&
            (u.check.includes(fetch.service) || !/endpoint/.test(u.check)),
        )
      : [];
    return {
      ...row(
        {
          kind: 'start-fetch',
          id: fetch.resource,
          label: `${fetch.what}: ${fetch.resource}`,
          rules: sameRegion ? FETCH_RULES : ['start-fetch-other-region'],
        },
        [...named, ...path],
        unknown,
        `${fetch.service} ${fetchCarrier(ctx, fetch)}`,
      ),
      fetch: {
        service: fetch.service,
        region: fetch.region,
        field: fetch.field,
      },
    };
  });
}

/** One row per EFS volume, start fetch, pull-through cache image and cross-account image of the service. */
export function dependencyStatuses(
  ctx: RuleContext,
  findings: Finding[],
): DependencyStatus[] {
  return [
    ...efsRows(ctx, findings),
    ...fetchRows(ctx, findings),
    ...cacheRows(ctx, findings),
    ...policyRows(ctx, findings),
  ];
}
