/**
 * Stopped-task diagnosis: match a task's `stoppedReason` against the start-up failures of
 * docs/domain.md#why-tasks-fail and point at the finding that explains it.
 */
import type {
  Finding,
  RuleId,
  StoppedTaskDiagnosis,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { StoppedTask } from './model';
import { cidrContainsAddress } from './network/cidr';

/** Options of {@link diagnoseStoppedTasks}. */
export interface DiagnoseOptions {
  /** The VPC's CIDRs: a timeout to an address inside them means DNS found an endpoint ENI. */
  vpcCidrs?: string[];
}

interface FailurePattern {
  path: string;
  /** The endpoint service whose findings can explain it. */
  service: string;
  matches: (reason: string) => boolean;
}

const PATTERNS: FailurePattern[] = [
  {
    path: 's3-policy',
    service: 's3',
    matches: r =>
      /starport-layer-bucket/i.test(r) &&
      /unexpected status code|403|access ?denied|forbidden/i.test(r),
  },
  {
    path: 's3',
    service: 's3',
    matches: r =>
      /starport-layer-bucket|\.s3[.-][a-z0-9-]*\.?amazonaws\.com/i.test(r),
  },
  {
    path: 'ecr.dkr',
    service: 'ecr.dkr',
    matches: r => /\.dkr\.ecr[.-]/i.test(r),
  },
  {
    path: 'ecr.api',
    service: 'ecr.api',
    matches: r =>
      /api\.ecr[.-]|registry auth/i.test(r) && !/from (asm|ssm)/i.test(r),
  },
  {
    path: 'secretsmanager',
    service: 'secretsmanager',
    matches: r =>
      /secrets? from asm|secretsmanager\.[a-z0-9-]+\.amazonaws/i.test(r),
  },
  {
    path: 'ssm',
    service: 'ssm',
    matches: r => /secrets? from ssm|\bssm\.[a-z0-9-]+\.amazonaws/i.test(r),
  },
  {
    path: 'logs',
    service: 'logs',
    matches: r =>
      /failed to validate logger args|logs\.[a-z0-9-]+\.amazonaws/i.test(r),
  },
];

/** Errors that come from IAM, a wrong ARN or a missing resource, not from the network. */
const NOT_NETWORK =
  /AccessDenied|not authorized|ResourceNotFound|ParameterNotFound|does not exist|InvalidParameter/i;
const TIMEOUT_ADDRESS = /dial tcp (\d{1,3}(?:\.\d{1,3}){3}):\d+/;

/** Rules that explain a timeout reaching an endpoint ENI inside the VPC. */
const INSIDE_VPC_RULES: RuleId[] = [
  'endpoint-sg-blocks-tasks',
  'task-egress-blocked',
  'nacl-blocks-https',
  'endpoint-not-available',
];
/** Rules that explain a timeout reaching a public address: the endpoint or its DNS is missing. */
const PUBLIC_ADDRESS_RULES: RuleId[] = [
  'missing-endpoint',
  'private-dns-disabled',
  'vpc-dns-disabled',
  'custom-dns',
  's3-route-table-missing',
  'image-registry-unreachable',
  'public-ip-required',
];
/** Findings without a service that break every path. */
const PATH_WIDE_RULES: RuleId[] = [
  'vpc-dns-disabled',
  'public-ip-required',
  'custom-dns',
  'custom-egress',
];

function rank(rule: RuleId, preferred: RuleId[]): number {
  const i = preferred.indexOf(rule);
  return i === -1 ? preferred.length : i;
}

function explainingFinding(
  pattern: FailurePattern,
  reason: string,
  findings: Finding[],
  vpcCidrs: string[],
): Finding | undefined {
  if (pattern.path === 's3-policy') {
    return findings.find(
      f => f.rule === 'endpoint-policy-denies' && f.service === 's3',
    );
  }
  const candidates = findings.filter(f =>
    f.service === pattern.service
      ? !(pattern.path === 's3' && f.rule === 'endpoint-policy-denies')
      : f.service === undefined && PATH_WIDE_RULES.includes(f.rule),
  );
  if (pattern.service === 'ecr.dkr') {
    candidates.push(
      ...findings.filter(f => f.rule === 'image-registry-unreachable'),
    );
  }
  const address = TIMEOUT_ADDRESS.exec(reason)?.[1];
  let preferred: RuleId[] = [];
  if (address) {
    preferred = vpcCidrs.some(c => cidrContainsAddress(c, address))
      ? INSIDE_VPC_RULES
      : PUBLIC_ADDRESS_RULES;
  }
  const severityRank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return [...candidates].sort(
    (a, b) =>
      severityRank(a) - severityRank(b) ||
      rank(a.rule, preferred) - rank(b.rule, preferred),
  )[0];
}

const PATH_HINTS: Record<string, string> = {
  'ecr.api':
    'The task could not reach the ECR API (api.ecr) for registry auth. Check the ecr.api endpoint, its private DNS, and that its security group admits TCP 443 from the tasks.',
  'ecr.dkr':
    "The task could not reach the ECR registry (dkr.ecr). Check the ecr.dkr endpoint, its private DNS and security group, and that the image is in this region's private ECR.",
  s3: "Image layers come from the ECR layer bucket in S3. Check the S3 gateway endpoint, that it is associated with the task subnets' route tables, and that the task security group allows TCP 443 to the S3 prefix list.",
  's3-policy':
    'The layer bucket refused the download: a policy (the S3 endpoint policy, or an SCP) does not allow s3:GetObject on the ECR layer bucket.',
  secretsmanager:
    'The task could not fetch a secret from Secrets Manager. Check the secretsmanager endpoint and its security group.',
  ssm: 'The task could not fetch a parameter from SSM Parameter Store. Check the ssm endpoint and its security group.',
  logs: 'The awslogs driver could not reach CloudWatch Logs, or the log group does not exist. Create the log group (or set awslogs-create-group) and check the logs endpoint.',
};

function notNetworkHint(path: string): string {
  if (path === 'secretsmanager' || path === 'ssm') {
    return 'AWS answered, so the network path works: this is IAM or a wrong ARN. Check that the task execution role may read the secret (and kms:Decrypt for a customer-managed key) and that the ARN or parameter name exists in this region.';
  }
  if (path === 'logs') {
    return 'AWS answered, so the network path works: the log group does not exist or the execution role may not write to it. Create the log group up front or allow logs:CreateLogGroup with awslogs-create-group.';
  }
  return "AWS answered, so the network path works: check the task execution role's permissions (AmazonECSTaskExecutionRolePolicy) and that the resource exists.";
}

function explainedHint(
  finding: Finding,
  address: string | undefined,
  insideVpc: boolean,
): string {
  let where = '';
  if (address && insideVpc) {
    where = ` The timeout to ${address}, inside the VPC, means DNS found the endpoint, so the traffic is dropped on the way.`;
  } else if (address) {
    where = ` The timeout to ${address}, a public address, means DNS did not resolve to an endpoint.`;
  }
  return `Explained by ${finding.rule}${
    finding.service ? ` (${finding.service})` : ''
  }${finding.resourceId ? ` on ${finding.resourceId}` : ''}: ${
    finding.fix
  }${where}`;
}

/** Diagnoses each stopped task: which path its error points at and the finding that explains it. */
export function diagnoseStoppedTasks(
  tasks: readonly StoppedTask[],
  findings: readonly Finding[],
  region: string,
  options: DiagnoseOptions = {},
): StoppedTaskDiagnosis[] {
  const vpcCidrs = options.vpcCidrs ?? [];
  return tasks.map(task => {
    const reason = task.stoppedReason ?? '';
    const base = {
      taskArn: task.taskArn,
      stoppedAt: task.stoppedAt,
      stoppedReason: reason,
    };
    const pattern = PATTERNS.find(p => p.matches(reason));
    if (!pattern) {
      return {
        ...base,
        hint: `Not a start-up network error the checker recognises for ${region}: look at the container's exit code and logs, or the service events.`,
      };
    }
    if (pattern.path !== 's3-policy' && NOT_NETWORK.test(reason)) {
      return {
        ...base,
        failingPath: pattern.path,
        hint: notNetworkHint(pattern.path),
      };
    }
    const explaining = explainingFinding(
      pattern,
      reason,
      [...findings],
      vpcCidrs,
    );
    const address = TIMEOUT_ADDRESS.exec(reason)?.[1];
    const insideVpc =
      address !== undefined &&
      vpcCidrs.some(c => cidrContainsAddress(c, address));
    if (!explaining) {
      return {
        ...base,
        failingPath: pattern.path,
        hint: `${
          PATH_HINTS[pattern.path]
        } No current finding explains it: the path may have been fixed since the task stopped, or the cause lies outside what the checker reads.`,
      };
    }
    return {
      ...base,
      failingPath: pattern.path,
      explainedBy: {
        rule: explaining.rule,
        service: explaining.service,
        resourceId: explaining.resourceId,
      },
      hint: explainedHint(explaining, address, insideVpc),
    };
  });
}
