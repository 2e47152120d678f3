// The action's report step: turns the checker's JSON report into what a GitHub job shows:
// a markdown verdict in $GITHUB_STEP_SUMMARY, one `::error` annotation per error finding with
// its fix (`::warning` for warnings and checks that could not run), and the step outputs in
// $GITHUB_OUTPUT (the report through a random heredoc delimiter, so any JSON is safe).
// Plain Node, no dependencies: it runs from the action's checkout, with no install step.
// Usage: node report.mjs <report.json> <exit code> <stderr file>
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const [reportFile, exitCodeText, stderrFile] = process.argv.slice(2);
const exitCode = Number(exitCodeText);

const VERDICT_WORDS = {
  ready: 'Ready',
  'not-ready': 'Not ready',
  unknown: 'Unknown',
};
const SEVERITY_ICONS = { error: '❌', warning: '⚠️', info: 'ℹ️' };

function readText(file) {
  return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** The report, or undefined when the checker printed none (bad input, a crash). */
function readReport() {
  const text = readText(reportFile).trim();
  if (!text) return undefined;
  try {
    const report = JSON.parse(text);
    return report && typeof report === 'object' ? { report, text } : undefined;
  } catch {
    return undefined;
  }
}

// Workflow command escaping, as @actions/core does it (toolkit, command.ts).
const escapeData = s =>
  String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = s =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const annotate = (level, title, message) =>
  console.log(
    `::${level} title=${escapeProperty(title)}::${escapeData(message)}`,
  );

/** Markdown table cell: no pipes, no line breaks. */
const cell = s =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');

function about(finding) {
  const parts = [finding.rule];
  if (finding.service) parts.push(`(${finding.service})`);
  if (finding.resourceId) parts.push(`on ${finding.resourceId}`);
  return parts.join(' ');
}

function subject(target = {}) {
  if (target.serviceArn)
    return `ECS service \`${target.serviceName ?? target.serviceArn}\` (\`${
      target.serviceArn
    }\`)`;
  if (target.vpcId)
    return `VPC \`${target.vpcId}\`, subnets ${(target.subnetIds ?? [])
      .map(s => `\`${s}\``)
      .join(', ')}`;
  return 'the service';
}

function summaryOf(found, stderr) {
  if (!found) {
    const why =
      stderr.trim() || `the checker exited ${exitCode} without a report`;
    return [
      '## Fargate private network: could not check',
      '',
      `The checker exited with code ${exitCode} and printed no report:`,
      '',
      '```text',
      why,
      '```',
      '',
    ].join('\n');
  }
  const { report } = found;
  const words = VERDICT_WORDS[report.verdict] ?? VERDICT_WORDS.unknown;
  const findings = report.findings ?? [];
  const unknown = report.unknown ?? [];
  const errors = findings.filter(f => f.severity === 'error');
  const lines = [
    `## Fargate private network: ${words}`,
    '',
    `${subject(report.target)} in ${
      report.target?.region ?? 'its region'
    }, read ${report.checkedAt ?? ''} (exit code ${exitCode}).`,
    '',
  ];
  if (report.verdict === 'ready')
    lines.push(
      'Every needed AWS service is reachable from the task subnets.',
      '',
    );
  if (report.verdict === 'not-ready')
    lines.push(
      `${errors.length} error${errors.length === 1 ? '' : 's'} stop${
        errors.length === 1 ? 's' : ''
      } the tasks from starting.`,
      '',
    );
  if (findings.length) {
    lines.push(
      '| | Finding | What is wrong | Fix |',
      '| --- | --- | --- | --- |',
    );
    for (const f of findings) {
      lines.push(
        `| ${SEVERITY_ICONS[f.severity] ?? ''} ${f.severity} | \`${cell(
          f.rule,
        )}\`${f.service ? ` ${cell(f.service)}` : ''}${
          f.resourceId ? ` \`${cell(f.resourceId)}\`` : ''
        } | ${cell(f.message)} | ${cell(f.fix)} |`,
      );
    }
    lines.push('');
  }
  if (unknown.length) {
    lines.push('### Could not check', '');
    for (const u of unknown)
      lines.push(
        `- **${u.check}**: ${u.reason}${u.call ? ` (${u.call})` : ''}`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

function annotations(found, stderr) {
  if (!found) {
    annotate(
      'error',
      'fargate-endpoints check could not run',
      stderr.trim() || `exit code ${exitCode}, no report`,
    );
    return;
  }
  for (const f of found.report.findings ?? []) {
    if (f.severity === 'info') continue;
    annotate(
      f.severity === 'error' ? 'error' : 'warning',
      `Fargate network: ${about(f)}`,
      `${f.message}\nFix: ${f.fix}`,
    );
  }
  for (const u of found.report.unknown ?? []) {
    annotate(
      'warning',
      `Fargate network: could not check ${u.check}`,
      `${u.reason}${u.call ? ` (${u.call})` : ''}`,
    );
  }
}

function writeOutputs(found) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const verdict = found
    ? VERDICT_WORDS[found.report.verdict]
      ? found.report.verdict
      : 'unknown'
    : 'unknown';
  const text = found ? found.text : '';
  let delimiter = `fargate_endpoints_${randomUUID()}`;
  while (text.includes(delimiter))
    delimiter = `fargate_endpoints_${randomUUID()}`;
  appendFileSync(
    file,
    `verdict=${verdict}\nexit-code=${exitCode}\nreport-file=${reportFile}\nreport<<${delimiter}\n${text}\n${delimiter}\n`,
  );
}

const found = readReport();
const stderr = readText(stderrFile);
annotations(found, stderr);
if (process.env.GITHUB_STEP_SUMMARY)
  appendFileSync(
    process.env.GITHUB_STEP_SUMMARY,
    `${summaryOf(found, stderr)}\n`,
  );
writeOutputs(found);
