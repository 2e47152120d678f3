/**
 * Flood benchmark: what one user (or twenty) can make the backend spend of an account's AWS
 * budget, through the plugin's HTTP API as a user reaches it (the whole plugin on loopback,
 * each caller with its own user token, so the per-caller budget, refresh coalescing and
 * negative caching are what is measured), against the sandbox over HTTP with per-call latency
 * and AWS's documented throttling. Prints AWS calls by action, answers by status and outcome,
 * and latency, beside the figures issue 12 measured before the guards. Measures only; it
 * asserts nothing.
 *
 *   yarn bench:floods [--duration 15] [--clients 20] [--missing 200] ...   (see --help)
 */
import { fork } from 'node:child_process';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_ACCOUNT_ID,
  describeFleet,
  throttlePolicy,
} from '@fargate-endpoints/aws-sandbox';
import {
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_REGION,
  ANNOTATION_SECURITY_GROUP_IDS,
  ANNOTATION_SUBNET_IDS,
  ANNOTATION_VPC_ID,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { DEFAULT_REQUEST_RATES } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { startSandboxPluginBackend } from '../src/__testUtils__/sandboxBackend';
import { readFargateEndpointsSettings } from '../src/service/config';
import { ConfigReader } from '@backstage/config';
import { LoggedCall, percentile, round, tally } from './measure';
import { entityOf } from './outcome';
import { onAnswer, SandboxProcess } from './standIns';
import {
  AnswerTally,
  count,
  emptyTally,
  FloodOptions,
  httpCall,
} from './floodClients';

// ---------------------------------------------------------------- options

interface FloodBenchOptions {
  durationS: number;
  clients: number;
  missing: number;
  latencyMs: number;
  bystanderIntervalMs: number;
}

const DEFAULTS: FloodBenchOptions = {
  durationS: 15,
  clients: 20,
  missing: 200,
  latencyMs: 50,
  bystanderIntervalMs: 1000,
};

const HELP = `yarn bench:floods [options]
  --duration S          seconds each refresh flood lasts (${DEFAULTS.durationS})
  --clients N           flooding clients, and identical missing-VPC requests (${DEFAULTS.clients})
  --missing N           checks of distinct missing VPCs (${DEFAULTS.missing})
  --latency MS          sandbox latency per call (${DEFAULTS.latencyMs})
  --bystander-every MS  the bystander asks for a report this often (${DEFAULTS.bystanderIntervalMs})`;

function parseArgs(argv: string[]): FloodBenchOptions {
  const o = { ...DEFAULTS };
  const flags: Record<string, keyof FloodBenchOptions> = {
    '--duration': 'durationS',
    '--clients': 'clients',
    '--missing': 'missing',
    '--latency': 'latencyMs',
    '--bystander-every': 'bystanderIntervalMs',
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    }
    const key = flags[argv[i]];
    const n = Number(argv[i + 1]);
    if (!key || !Number.isFinite(n) || n <= 0) {
      throw new Error(`bad option ${argv[i]} ${argv[i + 1] ?? ''}\n${HELP}`);
    }
    o[key] = n;
    i += 1;
  }
  return o;
}

// ---------------------------------------------------------------- the world

const REGION = 'eu-west-1';
/** The sweep would read every entity on its own; here only the callers read AWS. */
const PLUGIN_CONFIG = { sweep: { enabled: false } };
const SETTINGS = readFargateEndpointsSettings(
  new ConfigReader({ fargateEndpoints: PLUGIN_CONFIG }),
);

/** An id of this kind that the sandbox's fleet world does not have (its ids are 0a.., 0b..). */
const missingId = (prefix: string, i: number) =>
  `${prefix}-0f100d${i.toString(16).padStart(11, '0')}`;

/**
 * A request for missing VPC number `i` (its subnet and security group are missing too), in
 * the fleet's account, named: a check without an account id is paced apart from services
 * whose ARN names the same (main) account, as the backend cannot tell they are one.
 */
function missingCheck(i: number) {
  return {
    region: REGION,
    accountId: DEFAULT_ACCOUNT_ID,
    vpcId: missingId('vpc', i),
    subnetIds: [missingId('subnet', i)],
    securityGroupIds: [missingId('sg', i)],
    needs: ['ecr', 'logs'],
  };
}

/** A catalog entity linked by the network annotations to missing VPC number `i`. */
function missingVpcEntity(i: number): Entity {
  const check = missingCheck(i);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `gone-${i}`,
      namespace: 'default',
      annotations: {
        [ANNOTATION_REGION]: REGION,
        [ANNOTATION_ACCOUNT_ID]: DEFAULT_ACCOUNT_ID,
        [ANNOTATION_VPC_ID]: check.vpcId,
        [ANNOTATION_SUBNET_IDS]: check.subnetIds.join(','),
        [ANNOTATION_SECURITY_GROUP_IDS]: check.securityGroupIds.join(','),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-gone' },
  };
}

const user = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

// ---------------------------------------------------------------- measuring

/** The sandboxes' call logs, and how many of the calls came after the last answer. */
type Calls = { ec2: LoggedCall[]; ecs: LoggedCall[]; afterAnswers?: number };

/** What a phase's answers and the AWS calls behind them come to. */
interface Figures {
  answers: number;
  statuses: Record<string, number>;
  /** Outcomes, most frequent first. */
  outcomes: Array<[string, number]>;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** AWS calls by service (ec2, ecs, route53, ...) and action. */
  calls: Record<string, Record<string, number>>;
  /** Calls the throttle refused, by service. */
  throttled: Record<string, number>;
  /** Calls made after the last answer (reads the answers did not wait for). */
  afterAnswers: number;
  wallSeconds?: number;
}

function figuresOf(answers: AnswerTally, calls: Calls): Figures {
  const ms = answers.latenciesMs.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    answers: answers.latenciesMs.length,
    statuses: answers.statuses,
    outcomes: Object.entries(answers.outcomes).sort((a, b) => b[1] - a[1]),
    p50Ms: round(percentile(ms, 50), 0),
    p95Ms: round(percentile(ms, 95), 0),
    maxMs: round(ms[ms.length - 1] ?? NaN, 0),
    calls: [...calls.ec2, ...calls.ecs].reduce<Figures['calls']>(
      (byService, c) => {
        const actions = (byService[c.service] ??= {});
        actions[c.action] = (actions[c.action] ?? 0) + 1;
        return byService;
      },
      {},
    ),
    throttled: tally([...calls.ec2, ...calls.ecs], c =>
      c.fault === 'throttled' ? c.service : undefined,
    ),
    afterAnswers: calls.afterAnswers ?? 0,
  };
}

const total = (counts: Record<string, number> = {}) =>
  Object.values(counts).reduce((a, b) => a + b, 0);

const SERVICE_NAMES: Record<string, string> = {
  ec2: 'EC2',
  ecs: 'ECS',
  route53: 'Route 53',
  sts: 'STS',
  efs: 'EFS',
  ecr: 'ECR',
};

/** Refused calls, by service (`EC2 3, Route 53 12`), or 0. */
const refused = (f: Figures) =>
  Object.entries(f.throttled)
    .map(([service, n]) => `${SERVICE_NAMES[service] ?? service} ${n}`)
    .join(', ') || 0;

/** Calls of services other than EC2 and ECS (Route 53, STS, ...). */
const others = (f: Figures) =>
  Object.entries(f.calls)
    .filter(([service]) => service !== 'ec2' && service !== 'ecs')
    .reduce((n, [, actions]) => n + total(actions), 0);

// ---------------------------------------------------------------- phases

const callCount = (calls: Calls) => calls.ec2.length + calls.ecs.length;

/**
 * The call logs once the backend has stopped calling AWS (no new call for 3 s): reads go on
 * after the answer that gave up on them (past the report deadline, say), and count too.
 */
async function settled(sandbox: SandboxProcess): Promise<Calls> {
  const atAnswers = callCount(await sandbox.calls());
  let calls = await sandbox.calls();
  for (let quiet = 0; quiet < 3; ) {
    await new Promise(r => setTimeout(r, 1000));
    const now = await sandbox.calls();
    quiet = callCount(now) === callCount(calls) ? quiet + 1 : 0;
    calls = now;
  }
  return { ...calls, afterAnswers: callCount(calls) - atAnswers };
}

/** A fresh backend (empty caches, full pacing buckets) on rested sandbox buckets, for one phase. */
async function withBackend<T>(
  sandbox: SandboxProcess,
  entities: Entity[],
  run: (api: string) => Promise<T>,
): Promise<{ result: T; calls: Calls }> {
  await sandbox.reset(true);
  const backend = await startSandboxPluginBackend({
    entities,
    fargateEndpoints: PLUGIN_CONFIG,
  });
  try {
    const api = `http://localhost:${backend.server.port()}/api/fargate-endpoints`;
    const result = await run(api);
    return { result, calls: await settled(sandbox) };
  } finally {
    await backend.stop();
  }
}

const reportUrl = (api: string, name: string, refresh = false) =>
  `${api}/v1/entities/component/default/${name}/report${
    refresh ? '?refresh=true' : ''
  }`;

/**
 * A user reading reports of other services in the same account and region, one every
 * `intervalMs` (a slower answer delays the next), each of a service in a VPC not read yet,
 * while `going()`: every report needs AWS, so its latency shows what the others leave of the
 * account's budget.
 */
async function bystander(
  api: string,
  names: string[],
  going: () => boolean,
  intervalMs: number,
): Promise<AnswerTally> {
  const answers = emptyTally();
  for (const name of names) {
    if (!going()) break;
    const next = performance.now() + intervalMs;
    count(answers, await httpCall(reportUrl(api, name), user('bystander')));
    await new Promise(r =>
      setTimeout(r, Math.max(0, next - performance.now())),
    );
  }
  return answers;
}

/** The flooding clients, in their own process: they run for the duration and say what they got. */
async function floodFrom(options: FloodOptions): Promise<AnswerTally> {
  const child = fork(
    require.resolve('./floodClients.ts'),
    [JSON.stringify(options)],
    {
      execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  await new Promise(resolve => onAnswer(child, 'ready', resolve));
  const done = new Promise<{ result: AnswerTally }>(resolve =>
    onAnswer(child, 'done', resolve),
  );
  child.send({ type: 'go' });
  return (await done).result;
}

type FloodKind = 'distinct callers' | 'one caller' | 'none';

/** One refresh-flood phase: the flood of the first service's report, the bystander on the others. */
async function refreshPhase(
  sandbox: SandboxProcess,
  o: FloodBenchOptions,
  entities: Entity[],
  names: string[],
  flood: FloodKind,
  withBystander: boolean,
): Promise<{ flood?: Figures; bystander?: Figures; calls: Figures }> {
  const durationMs = o.durationS * 1000;
  const { result, calls } = await withBackend(sandbox, entities, api => {
    const until = performance.now() + durationMs;
    return Promise.all([
      flood === 'none'
        ? undefined
        : floodFrom({
            url: reportUrl(api, names[0], true),
            authorizations: Array.from({ length: o.clients }, (_, i) =>
              user(flood === 'one caller' ? 'flooder' : `flooder-${i}`),
            ),
            durationMs,
          }),
      withBystander
        ? bystander(
            api,
            names.slice(1),
            () => performance.now() < until,
            o.bystanderIntervalMs,
          )
        : undefined,
    ]);
  });
  const [flooded, read] = result;
  const noCalls = { ec2: [], ecs: [] };
  return {
    flood: flooded ? figuresOf(flooded, noCalls) : undefined,
    bystander: read ? figuresOf(read, noCalls) : undefined,
    calls: figuresOf(emptyTally(), calls),
  };
}

/** The requests of one phase, built for the backend's API base URL. */
type Requests = (
  api: string,
) => Array<{ url: string; authorization: string; body?: unknown }>;

/**
 * Requests sent all at once, as that many callers (or one) would, while the bystander reads
 * the fleet's reports until the last answer.
 */
async function missingPhase(
  sandbox: SandboxProcess,
  o: FloodBenchOptions,
  entities: Entity[],
  names: string[] | undefined,
  requests: Requests,
): Promise<Figures & { bystander?: Figures }> {
  const { result, calls } = await withBackend(sandbox, entities, async api => {
    const answers = emptyTally();
    const started = performance.now();
    let answered = false;
    const [, read] = await Promise.all([
      Promise.all(
        requests(api).map(async r =>
          count(answers, await httpCall(r.url, r.authorization, r.body)),
        ),
      ).then(() => {
        answered = true;
      }),
      names
        ? bystander(api, names, () => !answered, o.bystanderIntervalMs)
        : undefined,
    ]);
    return {
      answers,
      read,
      wallSeconds: (performance.now() - started) / 1000,
    };
  });
  return {
    ...figuresOf(result.answers, calls),
    wallSeconds: round(result.wallSeconds, 1),
    bystander: result.read
      ? figuresOf(result.read, { ec2: [], ecs: [] })
      : undefined,
  };
}

// ---------------------------------------------------------------- output

function table(rows: Array<Array<string | number>>): string {
  const widths = rows[0].map((_, c) =>
    Math.max(...rows.map(r => String(r[c] ?? '').length)),
  );
  return rows
    .map(r =>
      r
        .map((cell, c) =>
          c === 0
            ? String(cell).padEnd(widths[c])
            : String(cell).padStart(widths[c]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const statusMix = (f: Figures) =>
  Object.entries(f.statuses)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');

const byAction = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([action, n]) => `${action} ${n}`)
    .join(', ') || 'none';

/** Rows of AWS calls per service (EC2 and ECS always), with the actions when `detail`. */
function callRows(
  phases: Figures[],
  before: { ec2?: string; ecs?: string },
  detail = true,
): Array<Array<string | number>> {
  const services = [
    ...new Set(['ec2', 'ecs', ...phases.flatMap(p => Object.keys(p.calls))]),
  ];
  const rows: Array<Array<string | number>> = [];
  for (const service of services) {
    rows.push([
      `AWS calls, ${SERVICE_NAMES[service] ?? service}`,
      ...phases.map(p => total(p.calls[service])),
      before[service as 'ec2' | 'ecs'] ?? '',
    ]);
    if (!detail) continue;
    const actions = [
      ...new Set(phases.flatMap(p => Object.keys(p.calls[service] ?? {}))),
    ];
    for (const action of actions.sort()) {
      rows.push([
        `  ${action}`,
        ...phases.map(p => p.calls[service]?.[action] ?? 0),
      ]);
    }
  }
  rows.push([
    'AWS calls refused by the throttle',
    ...phases.map(p => refused(p)),
  ]);
  rows.push([
    'AWS calls after the last answer',
    ...phases.map(p => p.afterAnswers),
  ]);
  return rows;
}

type RefreshFigures = Awaited<ReturnType<typeof refreshPhase>>;

const ms2 = (f: Figures | undefined) => (f ? `${f.p50Ms} / ${f.p95Ms}` : '');

function printAll(
  o: FloodBenchOptions,
  refresh: Record<'alone' | 'distinct' | 'one' | 'during', RefreshFigures>,
  missing: Array<[string, Figures, string]>,
  missingDuring: Figures & { bystander?: Figures },
) {
  const out: string[] = [];
  const policy = throttlePolicy(undefined)!;
  out.push(
    `Floods through the plugin's HTTP API (each caller its own user token; sweep off), sandbox over HTTP on loopback, ${o.latencyMs} ms per call`,
    `AWS throttle per account, region and action group (documented; burst/refill per s): ${(
      [
        'ec2-describe',
        'ecs-services',
        'ecs-tasks',
        'ecs-task-definitions',
      ] as const
    )
      .map(g => `${g} ${policy[g]!.burst}/${policy[g]!.refillPerSecond}`)
      .join(', ')}`,
    `Backend defaults: pacing ${Object.entries(DEFAULT_REQUEST_RATES)
      .filter(([g]) => g === 'ec2-describe' || g === 'ecs-services')
      .map(([g, r]) => `${g} ${r.burst}/${r.requestsPerSecond}`)
      .join(', ')}; fresh reads per caller ${
      SETTINGS.freshReadsPerCaller.perMinute
    }/min, ${SETTINGS.freshReadsPerCaller.burst} at once; a refresh within ${
      SETTINGS.minRefreshIntervalMs / 1000
    } s of a read is answered by it; failed reads remembered ${
      SETTINGS.negativeTtlMs / 1000
    } s`,
    '',
  );
  const { alone, distinct, one, during } = refresh;
  const flood = [distinct.flood!, one.flood!];
  out.push(
    table([
      [
        `Refresh flood: ${o.clients} clients, GET svc-0000 report?refresh=true, ${o.durationS} s`,
        `${o.clients} callers`,
        '1 caller',
        'before (issue 12)',
      ],
      ['requests answered', ...flood.map(f => f.answers), ''],
      ...[...new Set(flood.flatMap(f => Object.keys(f.statuses)))].map(s => [
        `  HTTP ${s}`,
        ...flood.map(f => f.statuses[s] ?? 0),
        '',
      ]),
      ['latency p50 / p95 (ms)', ...flood.map(ms2), ''],
      ...callRows([distinct.calls, one.calls], {
        ec2: "the account's whole EC2 pacing budget",
      }),
    ]),
    '',
  );
  const by = [alone.bystander!, during.bystander!, missingDuring.bystander!];
  const labels = ['alone', 'refresh flood', 'missing VPCs'];
  out.push(
    table([
      [
        `Bystander: a report every ${o.bystanderIntervalMs} ms of other services (VPCs not read yet), same account and region`,
        labels[0],
        `during the ${o.clients}-caller ${labels[1]}`,
        `during the ${o.missing} ${labels[2]}`,
        'before (issue 12)',
      ],
      ['reports answered', ...by.map(f => f.answers), ''],
      ['latency p50 (ms)', ...by.map(f => f.p50Ms), ''],
      [
        'latency p95 (ms)',
        ...by.map(f => f.p95Ms),
        'ten-fold slower during the flood',
      ],
      ['latency max (ms)', ...by.map(f => f.maxMs), ''],
      ...callRows([alone.calls, during.calls, missingDuring], {}, false).map(
        r => [`${r[0]} (whole phase)`, ...r.slice(1)],
      ),
      [
        'the others got meanwhile',
        '',
        statusMix(during.flood!),
        statusMix(missingDuring),
        '',
      ],
    ]),
  );
  out.push('  what the bystander got:');
  by.forEach((f, i) => {
    for (const [outcome, n] of f.outcomes.slice(0, 3)) {
      out.push(
        `    ${labels[i].padEnd(13)} ${String(n).padStart(4)}x ${outcome}`,
      );
    }
  });
  out.push('');
  out.push(
    table([
      [
        'Missing VPCs (requests sent at once)',
        'EC2',
        'ECS',
        'others',
        'refused',
        'after',
        'p50 ms',
        'p95 ms',
        'wall s',
        'before (issue 12)',
      ],
      ...missing.map(([label, f, before]) => [
        label,
        total(f.calls.ec2),
        total(f.calls.ecs),
        others(f),
        refused(f),
        f.afterAnswers,
        f.p50Ms,
        f.p95Ms,
        f.wallSeconds ?? '',
        before,
      ]),
    ]),
  );
  for (const [label, f] of missing) {
    out.push(
      `  ${label}: ${
        Object.entries(f.calls)
          .map(
            ([service, actions]) =>
              `${SERVICE_NAMES[service] ?? service} ${byAction(actions)}`,
          )
          .join('; ') || 'no AWS call'
      }`,
    );
    for (const [outcome, n] of f.outcomes.slice(0, 3)) {
      out.push(`    ${String(n).padStart(4)}x ${outcome}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseArgs(process.argv.slice(2));
  // One service per VPC: the flooded service is svc-0000, the bystander reads the others,
  // each a VPC not read yet, all in one account and region (one throttle bucket per group).
  const bystanderReports =
    Math.ceil((o.durationS * 1000) / o.bystanderIntervalMs) + 1;
  const fleet = {
    services: bystanderReports + 1,
    vpcs: bystanderReports + 1,
    regions: [REGION],
  };
  const plans = describeFleet(fleet);
  const names = plans.map(p => p.serviceName);
  const sandbox = await SandboxProcess.start({ fleet, latencyMs: o.latencyMs });
  // The SDK's standard settings; EC2's sandbox also answers Route 53, STS, EFS and ECR.
  process.env.AWS_ENDPOINT_URL_EC2 = sandbox.ec2Url;
  process.env.AWS_ENDPOINT_URL_ECS = sandbox.ecsUrl;
  for (const service of ['STS', 'ROUTE_53', 'ROUTE53PROFILES', 'EFS', 'ECR'])
    process.env[`AWS_ENDPOINT_URL_${service}`] = sandbox.ec2Url;
  const say = (line: string) => process.stderr.write(`${line}\n`);

  try {
    const fleetEntities = plans.map(entityOf);
    say(`bystander alone (${o.durationS} s)...`);
    const alone = await refreshPhase(
      sandbox,
      o,
      fleetEntities,
      names,
      'none',
      true,
    );
    say(`refresh flood, ${o.clients} distinct callers (${o.durationS} s)...`);
    const distinct = await refreshPhase(
      sandbox,
      o,
      fleetEntities,
      names,
      'distinct callers',
      false,
    );
    say(
      `refresh flood, one caller on ${o.clients} clients (${o.durationS} s)...`,
    );
    const one = await refreshPhase(
      sandbox,
      o,
      fleetEntities,
      names,
      'one caller',
      false,
    );
    say(
      `refresh flood, ${o.clients} callers, with the bystander (${o.durationS} s)...`,
    );
    const during = await refreshPhase(
      sandbox,
      o,
      fleetEntities,
      names,
      'distinct callers',
      true,
    );

    const gone = Array.from({ length: o.missing }, (_, i) =>
      missingVpcEntity(i),
    );
    const checks =
      (n: number, caller: (i: number) => string, vpc: (i: number) => number) =>
      (api: string) =>
        Array.from({ length: n }, (_, i) => ({
          url: `${api}/v1/check`,
          authorization: user(caller(i)),
          body: missingCheck(vpc(i)),
        }));
    const reports = (n: number, vpc: (i: number) => number) => (api: string) =>
      Array.from({ length: n }, (_, i) => ({
        url: reportUrl(api, `gone-${vpc(i)}`),
        authorization: user(`asker-${i}`),
      }));
    const callers = (i: number) => `asker-${i}`;
    const manyMissing = checks(o.missing, callers, i => i);
    const scenarios: Array<[string, string, Requests]> = [
      [
        `${o.clients} identical POST /v1/check, ${o.clients} callers`,
        '163 calls',
        checks(o.clients, callers, () => 0),
      ],
      [
        `${o.clients} identical reports of one entity, ${o.clients} callers`,
        '163 calls',
        reports(o.clients, () => 0),
      ],
      [
        `${o.missing} POST /v1/check, distinct VPCs, ${o.missing} callers`,
        '1,601 calls, p95 85 s',
        manyMissing,
      ],
      [
        `${o.missing} POST /v1/check, distinct VPCs, one caller`,
        '1,601 calls, p95 85 s',
        checks(
          o.missing,
          () => 'asker',
          i => i,
        ),
      ],
      [
        `${o.missing} reports, entities on distinct VPCs, ${o.missing} callers`,
        '1,601 calls, p95 85 s',
        reports(o.missing, i => i),
      ],
    ];
    const missing: Array<[string, Figures, string]> = [];
    for (const [label, before, requests] of scenarios) {
      say(`missing VPCs: ${label}...`);
      missing.push([
        label,
        await missingPhase(sandbox, o, gone, undefined, requests),
        before,
      ]);
    }
    say(`missing VPCs: ${scenarios[2][0]}, with the bystander...`);
    const missingDuring = await missingPhase(
      sandbox,
      o,
      [...gone, ...fleetEntities],
      names.slice(1),
      manyMissing,
    );

    printAll(o, { alone, distinct, one, during }, missing, missingDuring);
  } finally {
    await sandbox.stop();
  }
}

// Backstage's services keep handles open after stop(); the figures are out, so exit.
main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
