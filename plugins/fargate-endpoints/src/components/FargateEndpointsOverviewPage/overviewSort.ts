import type {
  OverviewService,
  OverviewVpcGroup,
  Verdict,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { serviceBucket } from '../shared/preflight';

const VERDICT_ORDER: Record<Verdict, number> = {
  'not-ready': 0,
  unknown: 1,
  ready: 2,
};

function verdictRank(verdict: Verdict): number {
  return VERDICT_ORDER[verdict] ?? VERDICT_ORDER.unknown;
}

/** A service that does not run yet (not deployed, a pre-flight) is no outage: after the unknown, before the ready. */
const NOT_DEPLOYED_RANK = 1.5;

function serviceRank(service: OverviewService): number {
  const bucket = serviceBucket(service);
  return bucket === 'not-deployed' || bucket === 'preflight'
    ? NOT_DEPLOYED_RANK
    : verdictRank(bucket);
}

/**
 * Worst first: not ready, then unknown, then not deployed yet, then ready; more errors before
 * fewer; then by name.
 */
export function compareServices(
  a: OverviewService,
  b: OverviewService,
): number {
  return (
    serviceRank(a) - serviceRank(b) ||
    b.counts.error - a.counts.error ||
    b.counts.unknown - a.counts.unknown ||
    b.counts.warning - a.counts.warning ||
    a.entityRef.localeCompare(b.entityRef)
  );
}

/** How bad a group is: its worst service, then how many services are not ready. */
function groupRank(group: OverviewVpcGroup): [number, number, number] {
  const ranks = group.services.map(serviceRank);
  return [
    Math.min(...ranks, VERDICT_ORDER.ready),
    -group.services.filter(s => serviceBucket(s) === 'not-ready').length,
    -group.services.filter(s => serviceBucket(s) === 'unknown').length,
  ];
}

/** Groups and their services sorted by severity, worst first; ties keep account/region/VPC order. */
export function sortBySeverity(groups: OverviewVpcGroup[]): OverviewVpcGroup[] {
  return groups
    .map((group, index) => ({
      group: { ...group, services: [...group.services].sort(compareServices) },
      rank: groupRank(group),
      index,
    }))
    .sort(
      (a, b) =>
        a.rank[0] - b.rank[0] ||
        a.rank[1] - b.rank[1] ||
        a.rank[2] - b.rank[2] ||
        a.index - b.index,
    )
    .map(({ group }) => group);
}

/** When the service broke, as the sweep's history knows it (ms), or undefined. */
function brokeAt(service: OverviewService): number | undefined {
  if (service.verdict !== 'not-ready' || !service.notReadySince)
    return undefined;
  const at = Date.parse(service.notReadySince);
  return Number.isNaN(at) ? undefined : at;
}

/** Most recent break first; services without a known break after, worst first. */
function compareByBreak(a: OverviewService, b: OverviewService): number {
  const at = brokeAt(a);
  const bt = brokeAt(b);
  if (at !== undefined && bt !== undefined) {
    return bt - at || compareServices(a, b);
  }
  if (at !== undefined) return -1;
  if (bt !== undefined) return 1;
  return compareServices(a, b);
}

/**
 * Groups and services by "broke most recently": the VPC whose service broke last comes first,
 * then the other groups worst first. A break is known from the sweep's `notReadySince`.
 */
export function sortByRecentBreak(
  groups: OverviewVpcGroup[],
): OverviewVpcGroup[] {
  const bySeverity = sortBySeverity(groups);
  const latest = (group: OverviewVpcGroup) =>
    Math.max(-Infinity, ...group.services.map(s => brokeAt(s) ?? -Infinity));
  return bySeverity
    .map((group, index) => ({
      group: { ...group, services: [...group.services].sort(compareByBreak) },
      latest: latest(group),
      index,
    }))
    .sort((a, b) => {
      if (a.latest !== b.latest) {
        if (a.latest === -Infinity) return 1;
        if (b.latest === -Infinity) return -1;
        return b.latest - a.latest;
      }
      return a.index - b.index;
    })
    .map(({ group }) => group);
}
