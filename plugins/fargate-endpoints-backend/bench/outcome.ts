/** The fleet's catalog entities, and whether each report came back whole and right. */
import { Entity } from '@backstage/catalog-model';
import { FleetServicePlan } from '@fargate-endpoints/aws-sandbox';
import type {
  CheckReport,
  OverviewService,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

// ---------------------------------------------------------------- the fleet

/** The catalog entity of one fleet service, owned by `team-fleet`. */
export function entityOf(plan: FleetServicePlan): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: plan.serviceName,
      namespace: 'default',
      annotations: {
        'aws.amazon.com/amazon-ecs-service-arn': plan.serviceArn,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-fleet' },
  };
}

/** The verdict and error rules the fleet's design implies. */
function expectedOf(plan: FleetServicePlan): {
  verdict: string;
  rules: string[];
} {
  switch (plan.design) {
    case 'missing-ecr-api':
      return { verdict: 'not-ready', rules: ['missing-endpoint'] };
    case 's3-wrong-route-table':
      return { verdict: 'not-ready', rules: ['s3-route-table-missing'] };
    default:
      return { verdict: 'ready', rules: [] };
  }
}

export interface Outcome {
  /** Unreadable or with an unknown check: the AWS read did not fully land. */
  lost: number;
  /** Read fully, but not the verdict the fleet's design implies. */
  wrong: number;
  /** Why reports were lost, by reason, most frequent first. */
  lostReasons: Array<[string, number]>;
}

export function outcomeOf(
  plans: FleetServicePlan[],
  results: Array<
    { verdict: string; errorRules: string[]; unknown: string[] } | Error
  >,
): Outcome {
  let lost = 0;
  let wrong = 0;
  const reasons: Record<string, number> = {};
  results.forEach((result, i) => {
    if (result instanceof Error || result.unknown.length > 0) {
      lost += 1;
      const reason =
        result instanceof Error
          ? `${result.name}: ${result.message}`
          : result.unknown[0];
      const short = reason.replace(/svc-\d+|vpc-[0-9a-f]+/g, '…').slice(0, 90);
      reasons[short] = (reasons[short] ?? 0) + 1;
      return;
    }
    const expected = expectedOf(plans[i]);
    if (
      result.verdict !== expected.verdict ||
      expected.rules.some(r => !result.errorRules.includes(r))
    ) {
      wrong += 1;
    }
  });
  return {
    lost,
    wrong,
    lostReasons: Object.entries(reasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
  };
}

export function fromOverview(service: OverviewService) {
  if (service.problem) return new Error(service.problem);
  return {
    verdict: service.verdict,
    errorRules: service.errorRules,
    unknown: [],
  };
}

export function fromReport(report: CheckReport) {
  return {
    verdict: report.verdict,
    errorRules: [
      ...new Set(
        report.findings.filter(f => f.severity === 'error').map(f => f.rule),
      ),
    ],
    unknown: report.unknown.map(u => `${u.call ?? u.check}: ${u.reason}`),
  };
}

/** A logger that keeps count of warnings (served-stale reads, cache failures) and prints errors. */
