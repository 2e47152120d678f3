/**
 * The impact for a terminal or a CI log: the verdict first, then each service the plan
 * breaks with its cluster, owner, the finding and the plan address that causes it, then the
 * services it makes ready, then what it could not decide.
 */
import type {
  PlanImpact,
  ServiceImpact,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import type { Palette } from './format';

const VERDICT = {
  breaks: 'BREAKS',
  safe: 'SAFE',
  unknown: 'CANNOT TELL',
} as const;

const VERDICT_WORDS = {
  breaks: 'this plan stops Fargate services from starting',
  safe: 'this plan stops no Fargate service from starting',
  unknown: 'the impact of this plan could not be fully decided',
} as const;

const VERDICT_NAMES: Record<string, string> = {
  ready: 'ready',
  'not-ready': 'not ready',
  unknown: 'unknown',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function serviceLine(s: ServiceImpact, p: Palette): string {
  const where = [
    s.clusterName && `cluster ${s.clusterName}`,
    s.entity?.owner && `owner ${s.entity.owner}`,
    s.entity?.ref,
  ].filter(Boolean);
  return `  ${p.bold(s.serviceName)}  (${where.join(', ')})  ${
    VERDICT_NAMES[s.before]
  } -> ${VERDICT_NAMES[s.after]}`;
}

/** The impact as text. */
export function formatImpact(impact: PlanImpact, p: Palette): string {
  const colour = { breaks: p.red, safe: p.green, unknown: p.yellow }[
    impact.verdict
  ];
  const lines = [
    `${colour(p.bold(VERDICT[impact.verdict]))}: ${
      VERDICT_WORDS[impact.verdict]
    }`,
    p.dim(
      `${impact.region}: ${plural(
        impact.changes.length,
        'network change',
      )}, ${plural(impact.vpcs.length, 'VPC')} (${
        impact.vpcs.map(v => v.vpcId).join(', ') || 'none'
      }), ${plural(impact.services.length, 'service')} judged before and after`,
    ),
    '',
  ];
  const broken = impact.services.filter(
    s => s.outcome === 'breaks' || s.outcome === 'worsens',
  );
  for (const s of broken) {
    lines.push(
      `${serviceLine(s, p)}${
        s.outcome === 'worsens' ? p.dim(' (already not ready)') : ''
      }`,
    );
    for (const { finding, causes } of s.newFindings) {
      lines.push(
        `    ${p.red(finding.rule)}${
          finding.service ? ` ${finding.service}` : ''
        }: ${finding.message}`,
        `      caused by ${causes.join(', ')}`,
      );
    }
    lines.push('');
  }
  const fixed = impact.services.filter(s => s.outcome === 'fixes');
  if (fixed.length > 0)
    lines.push(
      `${p.green('Ready after apply')}: ${fixed
        .map(s => s.serviceName)
        .join(', ')}`,
      '',
    );
  const undecided = impact.services.filter(s => s.outcome === 'undetermined');
  if (undecided.length > 0 || impact.gaps.length > 0) {
    lines.push(p.yellow('Could not decide:'));
    for (const s of undecided)
      lines.push(
        `  ${s.serviceName}: ${
          s.newUnknown.map(u => u.reason).join('; ') ||
          `unknown after the plan (${VERDICT_NAMES[s.before]} now)`
        }`,
      );
    for (const gap of impact.gaps) lines.push(`  ${gap.check}: ${gap.reason}`);
    lines.push('');
  }
  const unchanged = impact.services.filter(s => s.outcome === 'unchanged');
  if (unchanged.length > 0)
    lines.push(
      p.dim(`Unchanged: ${unchanged.map(s => s.serviceName).join(', ')}`),
      '',
    );
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
