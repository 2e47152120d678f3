import type {
  OverviewService,
  OverviewVpcGroup,
  Verdict,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

const VERDICT_ORDER: Record<Verdict, number> = {
  'not-ready': 0,
  unknown: 1,
  ready: 2,
};

function verdictRank(verdict: Verdict): number {
  return VERDICT_ORDER[verdict] ?? VERDICT_ORDER.unknown;
}

/** Worst first: not ready, then unknown, then ready; more errors before fewer; then by name. */
export function compareServices(
  a: OverviewService,
  b: OverviewService,
): number {
  return (
    verdictRank(a.verdict) - verdictRank(b.verdict) ||
    b.counts.error - a.counts.error ||
    b.counts.unknown - a.counts.unknown ||
    b.counts.warning - a.counts.warning ||
    a.entityRef.localeCompare(b.entityRef)
  );
}

/** How bad a group is: its worst service, then how many services are not ready. */
function groupRank(group: OverviewVpcGroup): [number, number, number] {
  const ranks = group.services.map(s => verdictRank(s.verdict));
  return [
    Math.min(...ranks, VERDICT_ORDER.ready),
    -group.services.filter(s => s.verdict === 'not-ready').length,
    -group.services.filter(s => s.verdict === 'unknown').length,
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
