/**
 * What the failure of each need does to a task: it does not start (an `error`), or it starts
 * and something fails while it runs (a `warning`). The verdict "ready" means the task will
 * start; run-time failures are reported but do not make a service "not ready".
 */
import type { Severity } from './rules';
import { endpointRequirements, type Need, type NeedConsequence } from './needs';
import type { Finding, NeedSource } from './report';

/**
 * What a need's failure does, in a few words, and the AWS page that says so.
 *
 * @public
 */
export interface NeedConsequenceDefinition {
  consequence: NeedConsequence;
  /** What fails, for a finding's message and the rule catalogue. */
  effect: string;
  /** The AWS documentation page that says so. */
  source: string;
}

const STOPPED_TASK_ERRORS =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html';

/**
 * The consequence of each need whose failure AWS documents. A need not listed here (a service
 * suffix the user declares, such as `kms` or `sqs`) counts as needed to start: the checker
 * cannot see when the app calls it, and a gate that lets a missing dependency through is worse
 * than one that asks.
 *
 * @public
 */
export const NEED_CONSEQUENCES: Record<string, NeedConsequenceDefinition> = {
  ecr: {
    consequence: 'start',
    effect:
      'the image pull fails: the task stops with CannotPullContainerError or ResourceInitializationError',
    source: STOPPED_TASK_ERRORS,
  },
  logs: {
    consequence: 'start',
    effect:
      'the awslogs driver cannot create its log stream: the task stops with ResourceInitializationError',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html',
  },
  secretsmanager: {
    consequence: 'start',
    effect:
      'secrets are injected before the containers start: the task stops with ResourceInitializationError',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html',
  },
  ssm: {
    consequence: 'start',
    effect:
      'parameters are injected before the containers start: the task stops with ResourceInitializationError',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html',
  },
  exec: {
    consequence: 'run-time',
    effect:
      'the task runs; ECS Exec sessions (aws ecs execute-command) fail with TargetNotConnectedException',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html',
  },
  xray: {
    consequence: 'run-time',
    effect:
      'the task runs; the X-Ray daemon or ADOT collector cannot send traces, which are lost',
    source:
      'https://docs.aws.amazon.com/xray/latest/devguide/xray-security-vpc-endpoint.html',
  },
  monitoring: {
    consequence: 'run-time',
    effect:
      'the task runs; metrics sent to CloudWatch (PutMetricData) are lost',
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-interface-VPC.html',
  },
  'guardduty-data': {
    consequence: 'run-time',
    effect:
      'the task runs without runtime monitoring: GuardDuty "is designed to not prevent the tasks from running" when its sidecar cannot start healthy',
    source:
      'https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-ecs-fargate.html',
  },
  'appmesh-envoy-management': {
    consequence: 'start',
    effect:
      'Envoy gets no configuration and fails its health check; an essential Envoy container stops the task',
    source:
      'https://docs.aws.amazon.com/app-mesh/latest/userguide/vpc-endpoints.html',
  },
  s3: {
    consequence: 'start',
    effect:
      'environment files or a FireLens configuration in S3 cannot be downloaded: the task stops with ResourceInitializationError',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html',
  },
  'kinesis-firehose': {
    consequence: 'run-time',
    effect:
      'the task runs; the FireLens log router cannot deliver to Data Firehose and the logs are lost',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html',
  },
  'kinesis-streams': {
    consequence: 'run-time',
    effect:
      'the task runs; the FireLens log router cannot deliver to Kinesis Data Streams and the logs are lost',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html',
  },
  ecs: {
    consequence: 'start',
    effect:
      'the ECS agent on EC2 instances cannot register them, so tasks are never placed',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html',
  },
  'ecs-agent': {
    consequence: 'start',
    effect:
      'the ECS agent on EC2 instances gets no tasks to run, so tasks are never placed',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html',
  },
  'ecs-telemetry': {
    consequence: 'run-time',
    effect:
      'the tasks run; the ECS agent cannot send container metrics and events',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html',
  },
};

/**
 * The consequence of a need AWS does not document for us: one the user declared.
 *
 * @public
 */
export const DECLARED_NEED_CONSEQUENCE: NeedConsequenceDefinition = {
  consequence: 'start',
  effect:
    'a need you declared: the checker cannot tell when the app calls it, so it counts as needed to start',
  source:
    'https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html',
};

/**
 * What the need's failure does.
 *
 * @public
 */
export function needConsequence(need: Need): NeedConsequenceDefinition {
  return NEED_CONSEQUENCES[need] ?? DECLARED_NEED_CONSEQUENCE;
}

/**
 * The consequence of one reason for a need: its own when set (a FireLens output), else the need's.
 *
 * @public
 */
export function sourceConsequence(source: NeedSource): NeedConsequence {
  return source.consequence ?? needConsequence(source.need).consequence;
}

/**
 * The needs of a service and why it has each: what a report or a service spec carries.
 *
 * @public
 */
export interface NeedsWithSources {
  needs: readonly Need[];
  needSources: readonly NeedSource[];
}

/** The reasons for the needs that the endpoint service serves; a need without one stands for itself. */
function reasonsServedBy(
  service: string,
  { needs, needSources }: NeedsWithSources,
): NeedSource[] {
  const all = [...new Set([...needs, ...needSources.map(s => s.need)])];
  return all
    .filter(need =>
      endpointRequirements([need]).some(r => r.service === service),
    )
    .flatMap(need => {
      const own = needSources.filter(s => s.need === need);
      return own.length > 0 ? own : [{ need, reason: `needs ${need}` }];
    });
}

/**
 * What the failure of one endpoint service does to the service's tasks: `start` when some
 * reason for a need it serves is needed at start, `run-time` when every reason fails only
 * while the task runs. An endpoint no need asks for (one that only captures traffic) is
 * judged as `start`, as the catalogue does.
 *
 * @public
 */
export function serviceConsequence(
  service: string,
  needs: NeedsWithSources,
): NeedConsequence {
  const reasons = reasonsServedBy(service, needs);
  if (reasons.length === 0) return 'start';
  return reasons.some(s => sourceConsequence(s) === 'start')
    ? 'start'
    : 'run-time';
}

/**
 * A finding's severity by consequence: an `error` about an endpoint service whose failure
 * leaves the task running is a `warning`, and its message says what fails instead.
 *
 * @public
 */
export function findingByConsequence(
  finding: Finding,
  needs: NeedsWithSources,
): Finding {
  if (finding.severity !== 'error' || !finding.service) return finding;
  if (serviceConsequence(finding.service, needs) === 'start') return finding;
  const effects = [
    ...new Set(
      reasonsServedBy(finding.service, needs).map(s =>
        s.consequence === 'run-time' &&
        needConsequence(s.need).consequence === 'start'
          ? `the task runs; ${s.reason}, and what it sends there is lost`
          : needConsequence(s.need).effect,
      ),
    ),
  ];
  const severity: Severity = 'warning';
  return {
    ...finding,
    severity,
    message: `${
      finding.message
    } This does not stop the task from starting: ${effects.join('; ')}.`,
  };
}
