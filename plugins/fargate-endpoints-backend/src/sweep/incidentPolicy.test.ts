import type {
  CheckReport,
  HistoryFinding,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  healthOf,
  historyChange,
  HistoryState,
  incidentChange,
} from './incidentPolicy';

const missingEcrApi: HistoryFinding = {
  rule: 'missing-endpoint',
  severity: 'error',
  service: 'ecr.api',
  message: 'no ecr.api endpoint in vpc-0a1b2c3d4e5f60718',
  fix: 'add it',
};
const azGap: HistoryFinding = {
  rule: 'endpoint-az-gap',
  severity: 'warning',
  service: 'logs',
  message: 'logs endpoint not in eu-west-1b',
  fix: 'add a subnet',
};
const healthy: HistoryState = {
  verdict: 'ready',
  health: 'healthy',
  findings: [],
};
const broken: HistoryState = {
  verdict: 'not-ready',
  health: 'broken',
  findings: [missingEcrApi],
};
const unknown: HistoryState = {
  verdict: 'unknown',
  health: 'unknown',
  findings: [],
};

describe('healthOf', () => {
  it('counts warnings as broken only under the warning threshold', () => {
    const report = {
      verdict: 'ready' as const,
      findings: [azGap] as unknown as CheckReport['findings'],
    };
    expect(healthOf(report, 'error')).toBe('healthy');
    expect(healthOf(report, 'warning')).toBe('broken');
    expect(healthOf({ verdict: 'unknown', findings: [] }, 'error')).toBe(
      'unknown',
    );
  });
});

describe('historyChange', () => {
  it('confirms the last entry when nothing that matters changed (finding order and wording aside)', () => {
    expect(
      historyChange(
        { ...broken, findings: [azGap, missingEcrApi] },
        {
          ...broken,
          findings: [{ ...missingEcrApi, message: 'reworded' }, azGap],
        },
      ),
    ).toEqual({ kind: 'confirm' });
  });

  it('appends an entry for a new verdict, finding or fingerprint', () => {
    expect(historyChange(healthy, broken).kind).toBe('append');
    expect(historyChange(undefined, healthy).kind).toBe('append');
    expect(
      historyChange(broken, { ...broken, findings: [missingEcrApi, azGap] })
        .kind,
    ).toBe('append');
    expect(
      historyChange(healthy, {
        ...healthy,
        fingerprint: { endpoints: [] } as never,
      }).kind,
    ).toBe('append');
  });
});

describe('incidentChange', () => {
  it('opens an incident on a break from healthy, with the finding that explains it', () => {
    const change = incidentChange({
      next: broken,
      previous: healthy,
      ownerRef: 'group:default/team-payments',
    });
    expect(change).toMatchObject({
      kind: 'open',
      cause: { finding: { rule: 'missing-endpoint', service: 'ecr.api' } },
    });
  });

  it('opens none without an owner to tell, nor for a service broken from the start or still broken', () => {
    expect(
      incidentChange({ next: broken, previous: healthy, ownerRef: undefined }),
    ).toEqual({ kind: 'none' });
    expect(
      incidentChange({ next: broken, previous: undefined, ownerRef: 'g' }),
    ).toEqual({ kind: 'none' });
    expect(
      incidentChange({ next: broken, previous: broken, ownerRef: 'g' }),
    ).toEqual({ kind: 'none' });
  });

  it('closes on a return to healthy and decides nothing on an unknown', () => {
    expect(
      incidentChange({ next: healthy, previous: broken, ownerRef: 'g' }).kind,
    ).toBe('close');
    expect(
      incidentChange({ next: unknown, previous: healthy, ownerRef: 'g' }),
    ).toEqual({ kind: 'none' });
  });
});
