import type {
  OverviewService,
  OverviewVpcGroup,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { sortByRecentBreak, sortBySeverity } from './overviewSort';

function service(
  name: string,
  verdict: OverviewService['verdict'],
  notReadySince?: string,
): OverviewService {
  return {
    entityRef: `component:default/${name}`,
    verdict,
    path: 'isolated',
    counts: {
      error: verdict === 'not-ready' ? 1 : 0,
      warning: 0,
      info: 0,
      unknown: 0,
    },
    errorRules: [],
    serviceArn: `arn:aws:ecs:eu-west-1:111122223333:service/shop/${name}`,
    ...(notReadySince ? { notReadySince } : {}),
  };
}

function group(vpcId: string, services: OverviewService[]): OverviewVpcGroup {
  return { accountId: '111122223333', region: 'eu-west-1', vpcId, services };
}

const names = (groups: OverviewVpcGroup[]) =>
  groups.map(g => [g.vpcId, ...g.services.map(s => s.entityRef.split('/')[1])]);

describe('overview sort', () => {
  const groups = [
    group('vpc-a', [
      service('old-break', 'not-ready', '2026-12-01T03:12:00Z'),
      service('fine', 'ready'),
    ]),
    group('vpc-b', [service('unknown-one', 'unknown')]),
    group('vpc-c', [
      service('never-swept', 'not-ready'),
      service('new-break', 'not-ready', '2026-12-03T09:00:00Z'),
    ]),
  ];

  it('puts the service that broke last, and its VPC, first', () => {
    expect(names(sortByRecentBreak(groups))).toEqual([
      ['vpc-c', 'new-break', 'never-swept'],
      ['vpc-a', 'old-break', 'fine'],
      ['vpc-b', 'unknown-one'],
    ]);
  });

  it('ignores notReadySince on a service that is ready again', () => {
    const healed = [
      group('vpc-a', [service('healed', 'ready', '2026-12-03T10:00:00Z')]),
      group('vpc-b', [service('broken', 'not-ready', '2026-12-01T00:00:00Z')]),
    ];
    expect(names(sortByRecentBreak(healed))[0]).toEqual(['vpc-b', 'broken']);
  });

  it('keeps worst first by default', () => {
    expect(names(sortBySeverity(groups)).map(g => g[0])).toEqual([
      'vpc-c',
      'vpc-a',
      'vpc-b',
    ]);
  });
});
