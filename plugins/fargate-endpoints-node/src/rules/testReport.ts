/**
 * Test helpers for rule tests: evaluate a fixture and list findings the way a user reads
 * them (rule, service, resource).
 */
import type {
  CheckReport,
  RuleId,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { evaluateService } from '../evaluate';
import type { ServiceSpec, VpcSnapshot } from '../model';
import { healthyIsolatedSnapshot, serviceSpecFor } from '../testing/fixtures';

/** Evaluates the snapshot (healthy by default) with the fixture spec plus overrides. */
export function check(
  snapshot: VpcSnapshot = healthyIsolatedSnapshot(),
  spec: Partial<ServiceSpec> = {},
): CheckReport {
  return evaluateService(snapshot, serviceSpecFor(snapshot, spec));
}

/** The findings of one rule as `service resource` strings. */
export function fired(report: CheckReport, rule: RuleId): string[] {
  return report.findings
    .filter(f => f.rule === rule)
    .map(f => `${f.service ?? '-'} ${f.resourceId ?? '-'}`);
}
