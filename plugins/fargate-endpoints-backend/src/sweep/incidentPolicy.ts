/**
 * What the sweep's store decides, as pure functions: when a check is a new history entry or
 * only confirms the last one, and when it opens or closes an incident. The store
 * (DatabaseSweepStore) applies these decisions in one transaction; tests can judge them
 * without a database.
 */
import type {
  CheckReport,
  HistoryFinding,
  SnapshotChange,
  Verdict,
  VpcFingerprint,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { explainVerdictChange } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import type { IncidentCause } from './SweepStore';

/** Healthy: nothing at or above the alert threshold and every check ran. Broken: a finding at or above it. */
export type Health = 'healthy' | 'broken' | 'unknown';

/** The health of a report under a severity threshold. */
export function healthOf(
  report: Pick<CheckReport, 'verdict' | 'findings'>,
  threshold: 'error' | 'warning',
): Health {
  const counts = (f: { severity: string }) =>
    f.severity === 'error' ||
    (threshold === 'warning' && f.severity === 'warning');
  if (report.findings.some(counts)) return 'broken';
  return report.verdict === 'ready' ? 'healthy' : 'unknown';
}

/** A history entry as the policy reads it. */
export interface HistoryState {
  verdict: Verdict | string;
  health: Health | string;
  findings: HistoryFinding[];
  fingerprint?: VpcFingerprint;
}

/** The findings a history entry keeps of a report. */
export function historyFindings(report: CheckReport): HistoryFinding[] {
  return report.findings.map(f => ({
    rule: f.rule,
    severity: f.severity,
    ...(f.service ? { service: f.service } : {}),
    ...(f.resourceId ? { resourceId: f.resourceId } : {}),
    message: f.message,
    fix: f.fix,
  }));
}

const findingKeys = (findings: HistoryFinding[]) =>
  findings
    .map(
      f => `${f.rule}|${f.severity}|${f.service ?? ''}|${f.resourceId ?? ''}`,
    )
    .sort()
    .join(';');

/**
 * Whether a check changes an entity's history: the same verdict, health, findings and VPC
 * fingerprint only confirm the last entry; anything else is a new entry, with what changed in
 * the VPC since the last one (the change that explains the findings first).
 */
export function historyChange(
  last: HistoryState | undefined,
  next: HistoryState,
): { kind: 'confirm' } | { kind: 'append'; changes: SnapshotChange[] } {
  const same =
    last &&
    last.verdict === next.verdict &&
    last.health === next.health &&
    findingKeys(last.findings) === findingKeys(next.findings) &&
    JSON.stringify(last.fingerprint ?? null) ===
      JSON.stringify(next.fingerprint ?? null);
  if (same) return { kind: 'confirm' };
  const explained = explainVerdictChange(
    { findings: last?.findings ?? [], fingerprint: last?.fingerprint },
    { findings: next.findings, fingerprint: next.fingerprint },
  );
  return {
    kind: 'append',
    changes: explained.cause
      ? [
          explained.cause,
          ...explained.changes.filter(c => c !== explained.cause),
        ]
      : explained.changes,
  };
}

/**
 * What a new history entry does to incidents: a break from healthy opens one (when there is an
 * owner to tell), a return to healthy closes the open one; an unknown state decides nothing.
 * `previous` is the last decisive (not unknown) entry before the new one.
 */
export function incidentChange(options: {
  next: HistoryState;
  previous: HistoryState | undefined;
  ownerRef: string | undefined;
}): { kind: 'open' | 'close'; cause: IncidentCause } | { kind: 'none' } {
  const { next, previous } = options;
  const explain = (): IncidentCause => {
    const { finding, cause } = explainVerdictChange(
      {
        findings: previous?.findings ?? [],
        fingerprint: previous?.fingerprint,
      },
      { findings: next.findings, fingerprint: next.fingerprint },
    );
    return { finding, change: cause };
  };
  if (next.health === 'broken' && previous?.health === 'healthy')
    return options.ownerRef
      ? { kind: 'open', cause: explain() }
      : { kind: 'none' };
  if (next.health === 'healthy') return { kind: 'close', cause: explain() };
  return { kind: 'none' };
}
