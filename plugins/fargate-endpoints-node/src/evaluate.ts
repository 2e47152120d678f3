/**
 * The engine's entry point: evaluate one service against its VPC's snapshot and produce the
 * report the CLI prints, the backend serves and the card renders.
 */
import {
  CheckReport,
  RULE_IDS,
  Verdict,
  compareSeverity,
  findingByConsequence,
  type Finding,
  splitFix,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { ServiceSpec, VpcSnapshot } from './model';
import { estimateCost } from './cost';
import { reportPath } from './network/routes';
import { RULE_EVALUATORS } from './rules/catalogue';
import { RuleContext, addUnknown, buildRuleContext } from './rules/context';
import { endpointStatuses } from './rules/endpointStatus';
import { dependencyStatuses } from './rules/dependencies';
import { recordMissingData, recordReadFailures } from './rules/unknowns';
import { recordHubUnknowns } from './rules/hub';
import { recordEfsUnknowns } from './rules/efs';
import { recordPullThroughCacheUnknowns } from './rules/pullThroughCache';
import { recordRepositoryPolicyUnknowns } from './rules/crossAccountImages';
import { diagnoseStoppedTasks } from './stoppedTasks';
import { withMissingPermissions } from './iam';

/** The AWS CLI commands a fix quotes, also as `cli`, so a reader can copy them in one go. */
function withCliCommands(f: Finding): Finding {
  if (f.cli) return f;
  const { commands } = splitFix(f.fix);
  return commands.length > 0 ? { ...f, cli: commands.join('\n') } : f;
}

/**
 * Prices the interface endpoints the service needs (whether they exist or not: on a NAT path
 * the estimate is what replacing NAT would cost) against NAT, in the AZs the tasks use;
 * those a hub's shared endpoint serves are the hub's cost, not counted.
 */
function costFor(ctx: RuleContext) {
  const interfaceServices = (hub: boolean) =>
    new Set(
      ctx.endpointUses
        // A service a hub VPC's endpoint serves costs this VPC nothing: the hub pays for it.
        .filter(
          u => u.requirement.type === 'Interface' && Boolean(u.hub) === hub,
        )
        .map(u => u.requirement.service),
    ).size;
  const zones = new Set(ctx.taskSubnets.map(s => s.availabilityZone));
  return estimateCost({
    interfaceEndpoints: interfaceServices(false),
    sharedInterfaceEndpoints: interfaceServices(true),
    availabilityZones: zones.size || ctx.spec.subnetIds.length || 1,
  });
}

function verdictOf(hasError: boolean, hasUnknown: boolean): Verdict {
  if (hasError) return 'not-ready';
  return hasUnknown ? 'unknown' : 'ready';
}

/**
 * Evaluates every rule of the catalogue for the service. Rules whose data could not be read
 * are skipped and reported as unknown, never as passing.
 *
 * @public
 */
export function evaluateService(
  snapshot: VpcSnapshot,
  spec: ServiceSpec,
): CheckReport {
  const ctx = buildRuleContext(snapshot, spec);
  recordReadFailures(ctx);
  recordMissingData(ctx);
  recordHubUnknowns(ctx);
  recordEfsUnknowns(ctx);
  recordPullThroughCacheUnknowns(ctx);
  recordRepositoryPolicyUnknowns(ctx);
  const path = reportPath(ctx.subnetPaths);
  if (path === 'unknown' && ctx.unknown.length === 0) {
    // A safety net: a service whose egress path is unknown is never called ready.
    addUnknown(ctx, {
      check: 'egress path',
      rules: [],
      reason: 'the egress path of the task subnets could not be determined',
    });
  }
  const cost = costFor(ctx);
  const findings = RULE_IDS.flatMap(rule =>
    ctx.skipped.has(rule) ? [] : RULE_EVALUATORS[rule](ctx, cost),
  )
    // A rule may discover mid-way that its data is missing; drop what it found before that.
    .filter(f => !ctx.skipped.has(f.rule))
    // Severity by consequence: a path that only a run-time need uses (X-Ray, ECS Exec) warns.
    .map(f => findingByConsequence(f, spec))
    .map(withCliCommands)
    .map((f, index) => ({ f, index }))
    .sort(
      (a, b) =>
        compareSeverity(a.f.severity, b.f.severity) || a.index - b.index,
    )
    .map(({ f }) => f);
  const verdict = verdictOf(
    findings.some(f => f.severity === 'error'),
    ctx.unknown.length > 0,
  );
  return {
    ready: verdict === 'ready',
    verdict,
    complete: ctx.unknown.length === 0,
    path,
    target: {
      region: spec.region,
      accountId: spec.accountId ?? snapshot.accountId,
      vpcId: spec.vpcId,
      subnetIds: spec.subnetIds,
      securityGroupIds: spec.securityGroupIds,
      serviceArn: spec.serviceArn,
      clusterArn: spec.clusterArn,
      serviceName: spec.serviceName,
      taskDefinitionArn: spec.taskDefinitionArn,
      platformVersion: spec.platformVersion,
      assignPublicIp: spec.assignPublicIp,
      desiredCount: spec.desiredCount,
      runningCount: spec.runningCount,
      pendingCount: spec.pendingCount,
      logGroups: spec.logGroups,
    },
    needs: spec.needs,
    needSources: spec.needSources,
    findings,
    unknown: ctx.unknown,
    subnets: ctx.subnetPaths,
    endpoints: endpointStatuses(ctx, findings),
    dependencies: dependencyStatuses(ctx, findings),
    stoppedTasks: diagnoseStoppedTasks(
      spec.stoppedTasks,
      findings,
      snapshot.region,
      {
        vpcCidrs: snapshot.cidrBlocks,
      },
    ),
    cost,
    ...withMissingPermissions(ctx.unknown),
    checkedAt: snapshot.readAt,
  };
}
