/**
 * The human report: verdict first, then the path of each subnet, the endpoint table, the
 * findings (errors first, each with its fix), what could not be checked, stopped tasks and
 * the cost line. Plain text unless colour is asked for.
 */
import type {
  AspectStatus,
  CheckReport,
  EndpointStatus,
  Finding,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { compareSeverity } from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** ANSI styles, or none. */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  blue(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

/** Colours for a terminal. */
export const COLOR_PALETTE: Palette = {
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  green: ansi(32, 39),
  blue: ansi(34, 39),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
};

const plain = (text: string) => text;
/** No colours: pipes, files, CI logs, NO_COLOR. */
export const PLAIN_PALETTE: Palette = {
  red: plain,
  yellow: plain,
  green: plain,
  blue: plain,
  dim: plain,
  bold: plain,
};

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function shouldUseColor(
  isTTY: boolean | undefined,
  env: NodeJS.ProcessEnv,
): boolean {
  return Boolean(isTTY) && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

function table(rows: string[][], indent = '  '): string[] {
  // Widths from the plain text: colour codes must not count.
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\u001b\[\d+m/g, '').length;
  const widths = rows[0].map((_, col) =>
    Math.max(...rows.map(r => visible(r[col] ?? ''))),
  );
  return rows.map(
    r =>
      indent +
      r
        .map((cell, col) =>
          col === r.length - 1
            ? cell
            : cell + ' '.repeat(widths[col] - visible(cell)),
        )
        .join('  ')
        .trimEnd(),
  );
}

function countBySeverity(report: CheckReport) {
  const count = (s: Finding['severity']) =>
    report.findings.filter(f => f.severity === s).length;
  return {
    error: count('error'),
    warning: count('warning'),
    info: count('info'),
    unknown: report.unknown.length,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function verdictLine(report: CheckReport, p: Palette): string {
  const c = countBySeverity(report);
  const counts = `${plural(c.error, 'error')}, ${plural(
    c.warning,
    'warning',
  )}, ${plural(c.info, 'note')}, ${c.unknown} unknown`;
  const labels: Record<CheckReport['verdict'], string> = {
    ready: p.green(p.bold('READY')),
    'not-ready': p.red(p.bold('NOT READY')),
    unknown: p.yellow(p.bold('INCOMPLETE')),
  };
  const label = labels[report.verdict];
  return `${label}  ${counts}  (path: ${report.path})`;
}

function targetLines(report: CheckReport): string[] {
  const t = report.target;
  const what = t.serviceName
    ? `ECS service ${t.serviceName}${
        t.clusterArn ? ` (cluster ${t.clusterArn.split('/').pop()})` : ''
      }`
    : 'Network';
  const where = [t.region, t.accountId && `account ${t.accountId}`, t.vpcId]
    .filter(Boolean)
    .join(', ');
  const lines = [`${what} in ${where}`];
  if (t.taskDefinitionArn)
    lines.push(
      `  task definition ${t.taskDefinitionArn.split('/').pop()}${
        t.platformVersion ? `, platform ${t.platformVersion}` : ''
      }`,
    );
  const needs = report.needs.length > 0 ? report.needs.join(', ') : 'none';
  lines.push(`  needs: ${needs}`);
  return lines;
}

function subnetLines(report: CheckReport, p: Palette): string[] {
  if (report.subnets.length === 0) return [];
  const pathColour = (path: string) =>
    path === 'isolated' || path === 'nat' || path === 'public'
      ? p.green(path)
      : p.yellow(path);
  const rows = report.subnets.map(s => [
    s.subnetId,
    s.availabilityZone ?? '?',
    s.cidrBlock ?? '?',
    s.routeTableId
      ? `${s.routeTableId}${s.explicitRouteTable === false ? ' (main)' : ''}`
      : '?',
    pathColour(s.path) +
      (s.defaultRouteTarget ? ` via ${s.defaultRouteTarget}` : ''),
  ]);
  return [
    '',
    p.bold('Subnets'),
    ...table([
      ['SUBNET', 'AZ', 'CIDR', 'ROUTE TABLE', 'PATH'].map(p.dim),
      ...rows,
    ]),
  ];
}

function aspect(status: AspectStatus, p: Palette): string {
  switch (status) {
    case 'ok':
      return p.green('ok');
    case 'fail':
      return p.red('FAIL');
    case 'warn':
      return p.yellow('warn');
    case 'unknown':
      return p.yellow('?');
    default:
      return p.dim('-');
  }
}

function endpointRow(e: EndpointStatus, p: Palette): string[] {
  return [
    e.service + (e.needed ? '' : p.dim(' (not needed)')),
    e.type,
    e.endpointId ??
      (e.sharedFrom
        ? `hub ${e.sharedFrom.endpointId ?? e.sharedFrom.zone ?? 'endpoint'}`
        : p.dim('none')),
    e.state ?? '-',
    aspect(e.checks.present, p),
    aspect(e.checks.privateDns, p),
    aspect(e.checks.securityGroups, p),
    aspect(e.checks.routeTables, p),
    aspect(e.checks.azCoverage, p),
    aspect(e.checks.policy, p),
  ];
}

function endpointLines(report: CheckReport, p: Palette): string[] {
  if (report.endpoints.length === 0) return [];
  const header = [
    'SERVICE',
    'TYPE',
    'ENDPOINT',
    'STATE',
    'PRESENT',
    'DNS',
    'SG',
    'ROUTES',
    'AZS',
    'POLICY',
  ].map(p.dim);
  return [
    '',
    p.bold('Endpoints'),
    ...table([header, ...report.endpoints.map(e => endpointRow(e, p))]),
  ];
}

function dependencyLines(report: CheckReport, p: Palette): string[] {
  const dependencies = report.dependencies ?? [];
  if (dependencies.length === 0) return [];
  const lines = ['', p.bold('Also needed')];
  for (const d of dependencies) {
    lines.push(`  ${aspect(d.status, p)}  ${d.label}`);
    lines.push(`    ${d.detail}`);
  }
  return lines;
}

function findingLines(report: CheckReport, p: Palette): string[] {
  if (report.findings.length === 0)
    return ['', p.bold('Findings'), `  ${p.green('none')}`];
  const sorted = [...report.findings].sort((a, b) =>
    compareSeverity(a.severity, b.severity),
  );
  const lines = ['', p.bold('Findings')];
  for (const f of sorted) {
    const severity = { error: p.red, warning: p.yellow, info: p.blue }[
      f.severity
    ](f.severity);
    const about = [f.service, f.resourceId].filter(Boolean).join(' ');
    lines.push(`  ${severity}  ${p.bold(f.rule)}${about ? `  ${about}` : ''}`);
    lines.push(`    ${f.message}`);
    lines.push(`    ${p.dim('fix:')} ${f.fix}`);
  }
  return lines;
}

function unknownLines(report: CheckReport, p: Palette): string[] {
  if (report.unknown.length === 0) return [];
  const lines = ['', p.bold(p.yellow('Could not check'))];
  for (const u of report.unknown) {
    lines.push(
      `  ${u.check}${u.call ? p.dim(` (${u.call})`) : ''}: ${u.reason}`,
    );
    if (u.rules.length > 0)
      lines.push(`    ${p.dim(`rules left open: ${u.rules.join(', ')}`)}`);
  }
  return lines;
}

/** What AWS refused the checker, and the statement to add to its role's policy. */
function missingPermissionLines(report: CheckReport, p: Palette): string[] {
  const missing = report.missingPermissions;
  if (!missing) return [];
  return [
    '',
    p.bold(p.yellow('Permissions the checker lacks')),
    `  AWS refused ${missing.actions.join(
      ', ',
    )} (left open: ${missing.checks.join(
      ', ',
    )}). Add this statement to the checker's IAM policy:`,
    ...JSON.stringify(missing.statement, null, 2)
      .split('\n')
      .map(line => `    ${line}`),
  ];
}

function stoppedTaskLines(report: CheckReport, p: Palette): string[] {
  if (report.stoppedTasks.length === 0) return [];
  const lines = ['', p.bold('Recently stopped tasks')];
  for (const t of report.stoppedTasks) {
    lines.push(
      `  ${t.taskArn.split('/').pop()}${
        t.stoppedAt ? p.dim(` at ${t.stoppedAt}`) : ''
      }`,
    );
    lines.push(`    ${t.stoppedReason}`);
    // The hint usually names the finding already; say which one only when it does not.
    const cause =
      t.explainedBy && !t.hint.includes(t.explainedBy.rule)
        ? `explained by ${t.explainedBy.rule}${
            t.explainedBy.service ? ` (${t.explainedBy.service})` : ''
          }`
        : undefined;
    lines.push(
      `    ${p.dim('→')} ${[cause, t.hint].filter(Boolean).join(': ')}`,
    );
  }
  return lines;
}

/** The report as text for people. */
export function formatReport(
  report: CheckReport,
  p: Palette = PLAIN_PALETTE,
): string {
  const lines = [
    verdictLine(report, p),
    ...targetLines(report),
    ...subnetLines(report, p),
    ...endpointLines(report, p),
    ...dependencyLines(report, p),
    ...findingLines(report, p),
    ...unknownLines(report, p),
    ...missingPermissionLines(report, p),
    ...stoppedTaskLines(report, p),
  ];
  if (report.cost) lines.push('', `${p.bold('Cost')}  ${report.cost.summary}`);
  lines.push('', p.dim(`checked at ${report.checkedAt}`));
  return `${lines.join('\n')}\n`;
}
