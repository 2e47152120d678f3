/**
 * A Terraform plan's blast radius before it is applied: the plan's network changes are
 * overlaid on the live state of every VPC they touch, every awsvpc ECS service in those VPCs
 * is found, and each is judged before and after by the same engine (`evaluateService`).
 */
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  parseEcsServiceArn,
  type CheckReport,
  type Finding,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import {
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from '../aws/awsErrors';
import type { EcsServiceRead } from '../aws/ecsService';
import type { AwsReader } from '../check/reader';
import { completeServiceCheck, type RunCheckOptions } from '../check/runCheck';
import { evaluateService } from '../evaluate';
import type { ServiceSpec, VpcSnapshot } from '../model';
import { buildServiceSpec } from '../spec/serviceSpec';
import { planFootprint } from './footprint';
import { isNetworkChange, overlayPlan } from './overlay/overlayPlan';
import type { OverlayState, PlanUnknown } from './overlay/overlayState';
import { parseTerraformPlan, type TerraformPlan } from './planDocument';
import { PlanValues } from './planValues';
import type {
  ImpactFinding,
  ImpactGap,
  ImpactVerdict,
  PlanImpact,
  ServiceImpact,
  ServiceOutcome,
} from './types';

/**
 * Options of {@link assessPlanImpact}.
 *
 * @public
 */
export interface AssessPlanImpactOptions
  extends Pick<RunCheckOptions, 'deadlineMs' | 'hub'> {
  /** The clock, for `assessedAt`. */
  now?: () => Date;
}

/** The call a value known only after apply is blamed on, in `unknown` entries. */
export const PLAN_CALL = 'terraform plan';

const findingKey = (f: Finding) =>
  `${f.rule}|${f.service ?? ''}|${f.resourceId ?? ''}`;

const errorsOf = (report: CheckReport) =>
  report.findings.filter(f => f.severity === 'error');

function credentialsFault(error: unknown): boolean {
  return (
    error instanceof ServiceUnavailableError ||
    isMissingCredentialsError(error) ||
    isRejectedCredentialsError(error)
  );
}

/** The plan's unknowns that bear on a service, as read failures of its VPC's snapshot. */
function withPlanUnknowns(
  snapshot: VpcSnapshot,
  unknowns: PlanUnknown[],
  spec: ServiceSpec,
): VpcSnapshot {
  const relevant = unknowns.filter(
    u =>
      (!u.vpcId || u.vpcId === spec.vpcId) &&
      (!u.subnetIds || u.subnetIds.some(s => spec.subnetIds.includes(s))),
  );
  if (relevant.length === 0) return snapshot;
  return {
    ...snapshot,
    failures: [
      ...snapshot.failures,
      ...relevant.map(u => ({
        part: u.part,
        call: PLAN_CALL,
        reason: u.reason,
      })),
    ],
  };
}

function outcomeOf(
  before: CheckReport,
  after: CheckReport,
  added: ImpactFinding[],
): ServiceOutcome {
  if (added.length > 0)
    return before.verdict === 'not-ready' ? 'worsens' : 'breaks';
  if (before.verdict === 'not-ready' && after.verdict === 'ready')
    return 'fixes';
  if (after.verdict === 'unknown') return 'undetermined';
  return 'unchanged';
}

const OUTCOME_ORDER: ServiceOutcome[] = [
  'breaks',
  'worsens',
  'undetermined',
  'fixes',
  'unchanged',
];

/** Reads the VPCs; a VPC that does not exist (yet) is skipped, a failed read is a gap. */
async function readSnapshots(
  reader: AwsReader,
  vpcIds: string[],
  gaps: ImpactGap[],
): Promise<Map<string, VpcSnapshot>> {
  const snapshots = new Map<string, VpcSnapshot>();
  await Promise.all(
    vpcIds.map(async vpcId => {
      try {
        snapshots.set(vpcId, await reader.readVpcSnapshot(vpcId));
      } catch (error) {
        if (credentialsFault(error)) throw error;
        if (error instanceof NotFoundError) return;
        gaps.push({
          check: `VPC ${vpcId}`,
          call: 'DescribeVpcs',
          reason: describeAwsError(error, 'ec2', 'DescribeVpcs'),
        });
      }
    }),
  );
  return snapshots;
}

/** Services whose task subnets are in one of the snapshots, with that VPC. */
function servicesIn(
  services: EcsServiceRead[],
  snapshots: Map<string, VpcSnapshot>,
): Array<{ read: EcsServiceRead; vpcId: string }> {
  const vpcBySubnet = new Map<string, string>();
  for (const snapshot of snapshots.values())
    for (const subnet of snapshot.subnets)
      vpcBySubnet.set(subnet.id, snapshot.vpcId);
  return services.flatMap(read => {
    const vpcId = read.subnetIds.map(s => vpcBySubnet.get(s)).find(Boolean);
    return vpcId ? [{ read, vpcId }] : [];
  });
}

/** Reads each task definition once; a failure is kept with every service that uses it. */
async function withTaskDefinitions(
  reader: AwsReader,
  found: Array<{ read: EcsServiceRead; vpcId: string }>,
): Promise<void> {
  const reads = new Map<string, Promise<TaskDefinition | undefined>>();
  await Promise.all(
    found.map(async ({ read }) => {
      const arn = read.taskDefinitionArn;
      if (!arn || !reader.readTaskDefinition) return;
      if (!reads.has(arn)) reads.set(arn, reader.readTaskDefinition(arn));
      try {
        read.taskDefinition = await reads.get(arn);
      } catch (error) {
        if (credentialsFault(error)) throw error;
        read.failures = [
          ...read.failures,
          {
            part: 'taskDefinition',
            call: 'DescribeTaskDefinition',
            reason: describeAwsError(error, 'ecs', 'DescribeTaskDefinition'),
          },
        ];
      }
    }),
  );
}

/**
 * Finds, for each finding the plan adds, the changes that cause it: the plan without one
 * change, judged again; a finding that disappears names that change.
 */
class CauseFinder {
  readonly #without = new Map<string, OverlayState>();

  constructor(
    private readonly live: Map<string, VpcSnapshot>,
    private readonly values: PlanValues,
    private readonly plan: TerraformPlan,
    private readonly full: OverlayState,
    private readonly located: Map<string, string>,
  ) {}

  causes(
    spec: ServiceSpec,
    hub: VpcSnapshot['hub'],
    findings: Finding[],
  ): ImpactFinding[] {
    const addresses = new Set([
      ...(this.full.touchedBy.get(spec.vpcId) ?? []),
      ...this.full.unknowns
        .filter(u => !u.vpcId || u.vpcId === spec.vpcId)
        .map(u => u.address),
    ]);
    const absentWithout = new Map<string, Set<string>>();
    for (const address of addresses) {
      const state = this.#stateWithout(address);
      const snapshot = state.snapshots.get(spec.vpcId);
      if (!snapshot) continue;
      const report = evaluateService(
        withPlanUnknowns({ ...snapshot, hub }, state.unknowns, spec),
        spec,
      );
      absentWithout.set(address, new Set(errorsOf(report).map(findingKey)));
    }
    return findings.map(finding => {
      const key = findingKey(finding);
      const causes = [...absentWithout]
        .filter(([, keys]) => !keys.has(key))
        .map(([address]) => address);
      return { finding, causes: causes.length ? causes : [...addresses] };
    });
  }

  #stateWithout(address: string): OverlayState {
    let state = this.#without.get(address);
    if (!state) {
      state = overlayPlan(
        this.live,
        this.values,
        this.plan.resources.filter(c => c.address !== address),
        this.located,
      );
      this.#without.set(address, state);
    }
    return state;
  }
}

function verdictOf(
  services: ServiceImpact[],
  gaps: ImpactGap[],
): ImpactVerdict {
  if (services.some(s => s.outcome === 'breaks')) return 'breaks';
  if (gaps.length > 0 || services.some(s => s.outcome === 'undetermined'))
    return 'unknown';
  return 'safe';
}

/**
 * Judges what a Terraform plan does to the Fargate services of the VPCs it touches, before it
 * is applied.
 *
 * @param planDocument - the parsed JSON of `terraform show -json <planfile>` (HashiCorp's
 *   "JSON Output Format"), or a plan {@link parseTerraformPlan} already read.
 * @param reader - the AWS reads of the account and region the plan applies to; it must list
 *   ECS services (`listEcsServices`) and read task definitions (`readTaskDefinition`), as
 *   {@link createAwsReader}'s reader does.
 * @returns every awsvpc service in the touched VPCs with its verdict before and after, the
 *   error findings the plan adds (each with the plan addresses that cause it) and removes,
 *   and `verdict`: `breaks` when a service not known to be broken gets an error, `unknown`
 *   when a value known only after apply or a failed read leaves a service undecided, `safe`
 *   otherwise.
 * @throws InputError for a document that is not a plan (naming the field),
 *   ServiceUnavailableError for missing or rejected credentials.
 *
 * @public
 */
export async function assessPlanImpact(
  planDocument: unknown,
  reader: AwsReader,
  options: AssessPlanImpactOptions = {},
): Promise<PlanImpact> {
  const plan = isParsedPlan(planDocument)
    ? planDocument
    : parseTerraformPlan(planDocument);
  const now = options.now ?? (() => new Date());
  const networkChanges = plan.resources.filter(isNetworkChange);
  const gaps: ImpactGap[] = [];
  const { vpcIds, idsToLocate } = planFootprint(plan);
  let located = new Map<string, string>();
  if (idsToLocate.size > 0) {
    if (!reader.resolveNetworkResourceVpcs) {
      gaps.push({
        check: 'resources named by id',
        reason:
          'this reader cannot tell which VPC a route table, group or ACL is in',
      });
    } else {
      try {
        located = await reader.resolveNetworkResourceVpcs([...idsToLocate]);
      } catch (error) {
        if (credentialsFault(error)) throw error;
        gaps.push({
          check: `the VPCs of ${[...idsToLocate].join(', ')}`,
          call: 'DescribeRouteTables',
          reason: describeAwsError(error, 'ec2', 'DescribeRouteTables'),
        });
      }
    }
    located.forEach(vpcId => vpcIds.add(vpcId));
  }
  const live = await readSnapshots(reader, [...vpcIds].sort(), gaps);
  const values = new PlanValues(
    plan,
    [...live.values()].find(s => s.s3PrefixList)?.s3PrefixList?.id,
  );
  const state = overlayPlan(live, values, plan.resources, located);
  for (const unknown of state.unknowns.filter(u => !u.vpcId))
    gaps.push({
      check: unknown.address,
      call: PLAN_CALL,
      reason: `${unknown.attribute} is known only after apply, so which VPC the change touches is unknown`,
    });
  const result: PlanImpact = {
    verdict: 'safe',
    region: reader.region,
    accountId: reader.accountId,
    vpcs: [...live.keys()].map(vpcId => ({
      vpcId,
      addresses: [...(state.touchedBy.get(vpcId) ?? [])],
    })),
    changes: networkChanges.map(({ address, type, action }) => ({
      address,
      type,
      action,
    })),
    otherChanges: plan.resources.filter(
      c => c.action !== 'no-op' && !isNetworkChange(c),
    ).length,
    services: [],
    planUnknowns: state.unknowns,
    gaps,
    assessedAt: now().toISOString(),
  };
  if (live.size === 0) {
    result.verdict = verdictOf([], gaps);
    return result;
  }
  const found = await findServices(reader, live, gaps);
  const causes = new CauseFinder(live, values, plan, state, located);
  for (const { read, vpcId } of found) {
    const completed = await completeServiceCheck(
      reader,
      buildServiceSpec(read, vpcId),
      live.get(vpcId)!,
      options,
    );
    const { spec } = completed;
    const hub = completed.snapshot.hub;
    const before = evaluateService(completed.snapshot, spec);
    const after = evaluateService(
      withPlanUnknowns(
        { ...state.snapshots.get(vpcId)!, hub },
        state.unknowns,
        spec,
      ),
      spec,
    );
    const beforeKeys = new Set(errorsOf(before).map(findingKey));
    const afterKeys = new Set(errorsOf(after).map(findingKey));
    const added = errorsOf(after).filter(f => !beforeKeys.has(findingKey(f)));
    const newFindings = added.length ? causes.causes(spec, hub, added) : [];
    const arn = parseEcsServiceArn(read.serviceArn);
    result.services.push({
      serviceArn: read.serviceArn,
      serviceName: read.serviceName ?? arn?.serviceName ?? read.serviceArn,
      clusterArn: read.clusterArn,
      clusterName: arn?.clusterName,
      accountId: read.accountId,
      region: read.region,
      vpcId,
      before: before.verdict,
      after: after.verdict,
      outcome: outcomeOf(before, after, newFindings),
      newFindings,
      resolvedFindings: errorsOf(before)
        .filter(f => !afterKeys.has(findingKey(f)))
        .map(finding => ({ finding, causes: [] })),
      newUnknown: after.unknown.filter(
        u =>
          !before.unknown.some(
            b => b.check === u.check && b.reason === u.reason,
          ),
      ),
    });
  }
  result.services.sort(
    (a, b) =>
      OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome) ||
      a.serviceArn.localeCompare(b.serviceArn),
  );
  result.verdict = verdictOf(result.services, gaps);
  return result;
}

/** The services of the snapshots' VPCs, with their task definitions. */
async function findServices(
  reader: AwsReader,
  live: Map<string, VpcSnapshot>,
  gaps: ImpactGap[],
) {
  if (!reader.listEcsServices) {
    gaps.push({
      check: 'ECS services',
      reason: 'this reader cannot list ECS services',
    });
    return [];
  }
  const listing = await reader.listEcsServices();
  for (const failure of listing.failures) {
    gaps.push({
      check: failure.clusterArn
        ? `ECS services of ${failure.clusterArn}`
        : 'ECS clusters',
      call: failure.call,
      reason: failure.reason,
    });
  }
  const found = servicesIn(listing.services, live);
  await withTaskDefinitions(reader, found);
  return found;
}

function isParsedPlan(value: unknown): value is TerraformPlan {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as TerraformPlan).expressions instanceof Map
  );
}
