/**
 * A plan's impact as Markdown for a pull-request comment: the verdict first, then a table of
 * the services the plan breaks (service, cluster, owner, finding, plan address), then the
 * services it makes ready, then what it leaves undecided. One wording for the CLI, the
 * backend and the CI of generated repositories.
 */
import { RULES } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { ImpactFinding, PlanImpact, ServiceImpact } from './types';

const HEADLINE: Record<PlanImpact['verdict'], string> = {
  breaks: '### :x: This plan stops Fargate services from starting',
  safe: '### :white_check_mark: This plan breaks no Fargate service',
  unknown: '### :warning: The impact of this plan could not be fully decided',
};

/** Table cells hold no pipes or line breaks. */
function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function owner(service: ServiceImpact): string {
  return service.entity?.owner ? cell(service.entity.owner) : '';
}

function findingRows(service: ServiceImpact, findings: ImpactFinding[]) {
  return findings.map(
    ({ finding, causes }) =>
      `| ${code(service.serviceName)} | ${cell(service.clusterName)} | ${owner(
        service,
      )} | ${code(finding.rule)}${
        finding.service ? ` (${cell(finding.service)})` : ''
      }: ${cell(finding.message)} | ${causes.map(code).join('<br>')} |`,
  );
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Options of {@link formatImpactMarkdown}.
 *
 * @public
 */
export interface ImpactMarkdownOptions {
  /** Affected services the reader may not see (the backend leaves them out of `services`). */
  otherAffectedServices?: number;
}

/**
 * The impact as a pull-request comment.
 *
 * @public
 */
export function formatImpactMarkdown(
  impact: PlanImpact,
  options: ImpactMarkdownOptions = {},
): string {
  const lines = [HEADLINE[impact.verdict], ''];
  const by = (outcome: ServiceImpact['outcome']) =>
    impact.services.filter(s => s.outcome === outcome);
  lines.push(
    `${count(impact.changes.length, 'network change')} in ${count(
      impact.vpcs.length,
      'VPC',
    )} (${impact.vpcs.map(v => code(v.vpcId)).join(', ') || 'none'}), ${count(
      impact.services.length,
      'service',
    )} judged before and after (${impact.region}${
      impact.accountId ? `, account ${impact.accountId}` : ''
    }).`,
    '',
  );
  const broken = [...by('breaks'), ...by('worsens')];
  if (broken.length > 0) {
    lines.push(
      '| service | cluster | owner | finding after apply | caused by |',
      '| --- | --- | --- | --- | --- |',
      ...broken.flatMap(s => findingRows(s, s.newFindings)),
      '',
    );
    const worsened = by('worsens');
    if (worsened.length > 0)
      lines.push(
        `Already not ready, and the plan adds to it: ${worsened
          .map(s => code(s.serviceName))
          .join(', ')}.`,
        '',
      );
    const fixes = [
      ...new Set(broken.flatMap(s => s.newFindings.map(f => f.finding.rule))),
    ];
    lines.push(
      ...fixes.map(rule => `- ${code(rule)}: ${RULES[rule]?.title ?? rule}`),
      '',
    );
  }
  const fixed = by('fixes');
  if (fixed.length > 0) {
    lines.push(
      `**Ready after apply** (not ready now): ${fixed
        .map(
          s =>
            `${code(s.serviceName)}${
              s.entity?.owner ? ` (${cell(s.entity.owner)})` : ''
            }`,
        )
        .join(', ')}.`,
      '',
    );
  }
  const undecided = by('undetermined');
  if (undecided.length > 0 || impact.gaps.length > 0) {
    lines.push('**Could not decide:**', '');
    for (const s of undecided)
      lines.push(
        `- ${code(s.serviceName)}: ${
          s.newUnknown.map(u => cell(u.reason)).join('; ') ||
          `unknown after the plan (${s.before} now)`
        }`,
      );
    for (const gap of impact.gaps)
      lines.push(`- ${cell(gap.check)}: ${cell(gap.reason)}`);
    lines.push('');
  }
  const others = options.otherAffectedServices ?? 0;
  if (others > 0)
    lines.push(
      `${count(
        others,
        'more affected service',
      )}: in catalog entities you may not read, or in none.`,
      '',
    );
  if (impact.verdict === 'safe' && broken.length === 0 && fixed.length === 0)
    lines.push(
      impact.services.length > 0
        ? 'Every service in these VPCs can start as before.'
        : 'No ECS service runs in the VPCs it touches.',
      '',
    );
  lines.push('<sub>fargate-endpoints impact</sub>');
  return `${lines.join('\n')}\n`;
}
