/**
 * The rule catalogue. Rule ids are a public contract, documented like a linter's rule ids:
 * never rename one, only add.
 */

/**
 * Severity of a finding. A service is ready when it has no `error` finding.
 *
 * @public
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * Every rule id the checker can report, in catalogue order.
 *
 * @public
 */
export const RULE_IDS = [
  'missing-endpoint',
  'endpoint-not-available',
  'private-dns-disabled',
  'vpc-dns-disabled',
  'endpoint-sg-blocks-tasks',
  'task-egress-blocked',
  's3-route-table-missing',
  'nacl-blocks-https',
  'endpoint-policy-denies',
  'public-ip-required',
  'image-registry-unreachable',
  'start-fetch-other-region',
  'hub-zone-wrong-name',
  'hub-endpoint-unreachable',
  'hub-endpoint-not-ready',
  'efs-mount-target-missing',
  'efs-nfs-blocked',
  'pull-through-cache-uncached',
  'cross-account-image-denied',
  'endpoint-az-gap',
  'custom-egress',
  'custom-dns',
  'nat-egress',
  'hub-endpoint-unverified',
  'cross-account-image-unverified',
] as const;

/**
 * A stable rule id from the catalogue.
 *
 * @public
 */
export type RuleId = (typeof RULE_IDS)[number];

/**
 * What the catalogue says about one rule.
 *
 * @public
 */
export interface RuleDefinition {
  id: RuleId;
  severity: Severity;
  /** One line: what the rule checks. */
  title: string;
}

/**
 * The rule catalogue, keyed by rule id.
 *
 * @public
 */
export const RULES: Record<RuleId, RuleDefinition> = {
  'missing-endpoint': {
    id: 'missing-endpoint',
    severity: 'error',
    title:
      'An isolated subnet needs a VPC endpoint for every AWS service the task uses',
  },
  'endpoint-not-available': {
    id: 'endpoint-not-available',
    severity: 'error',
    title: 'The VPC endpoint exists but is not in the available state',
  },
  'private-dns-disabled': {
    id: 'private-dns-disabled',
    severity: 'error',
    title:
      'An interface endpoint for a needed service has private DNS turned off',
  },
  'vpc-dns-disabled': {
    id: 'vpc-dns-disabled',
    severity: 'error',
    title: 'The VPC has DNS support or DNS hostnames turned off',
  },
  'endpoint-sg-blocks-tasks': {
    id: 'endpoint-sg-blocks-tasks',
    severity: 'error',
    title: "The endpoint's security groups do not admit TCP 443 from the tasks",
  },
  'task-egress-blocked': {
    id: 'task-egress-blocked',
    severity: 'error',
    title:
      "The tasks' security groups do not allow outbound TCP 443 to the endpoint",
  },
  's3-route-table-missing': {
    id: 's3-route-table-missing',
    severity: 'error',
    title:
      "A task subnet's route table is not associated with the S3 gateway endpoint",
  },
  'nacl-blocks-https': {
    id: 'nacl-blocks-https',
    severity: 'error',
    title:
      "The task subnet's network ACL blocks HTTPS to the endpoints or the replies",
  },
  'endpoint-policy-denies': {
    id: 'endpoint-policy-denies',
    severity: 'error',
    title: 'A custom endpoint policy does not allow what the task needs',
  },
  'public-ip-required': {
    id: 'public-ip-required',
    severity: 'error',
    title: 'A public subnet without a public IP has no way out',
  },
  'image-registry-unreachable': {
    id: 'image-registry-unreachable',
    severity: 'error',
    title:
      "An isolated subnet can only pull images from this region's private ECR",
  },
  'start-fetch-other-region': {
    id: 'start-fetch-other-region',
    severity: 'error',
    title:
      "Something the task fetches at start (a secret, a parameter, a log group) is in another region, which this VPC's endpoints do not serve",
  },
  'hub-zone-wrong-name': {
    id: 'hub-zone-wrong-name',
    severity: 'error',
    title:
      "A private hosted zone meant to reach a hub endpoint does not answer the service's real DNS name",
  },
  'hub-endpoint-unreachable': {
    id: 'hub-endpoint-unreachable',
    severity: 'error',
    title:
      "No route, or a security group or network ACL, stops the tasks reaching the hub endpoint's addresses",
  },
  'hub-endpoint-not-ready': {
    id: 'hub-endpoint-not-ready',
    severity: 'error',
    title:
      "The hub VPC's endpoint is not available, does not admit the tasks, or its policy refuses them",
  },
  'efs-mount-target-missing': {
    id: 'efs-mount-target-missing',
    severity: 'error',
    title:
      'An EFS file system the tasks mount has no available mount target in an Availability Zone they use',
  },
  'efs-nfs-blocked': {
    id: 'efs-nfs-blocked',
    severity: 'error',
    title:
      'Security groups do not pass NFS (TCP 2049) between the tasks and the EFS mount target',
  },
  'pull-through-cache-uncached': {
    id: 'pull-through-cache-uncached',
    severity: 'error',
    title:
      'An image under an ECR pull-through cache prefix is not cached yet, and its first pull needs a way to the internet',
  },
  'cross-account-image-denied': {
    id: 'cross-account-image-denied',
    severity: 'error',
    title:
      "The repository policy of an image in another account's registry does not let this account pull it",
  },
  'endpoint-az-gap': {
    id: 'endpoint-az-gap',
    severity: 'warning',
    title:
      'An interface endpoint has no subnet in an Availability Zone the tasks use',
  },
  'custom-egress': {
    id: 'custom-egress',
    severity: 'warning',
    title: 'The default route goes to a transit gateway, peering or appliance',
  },
  'custom-dns': {
    id: 'custom-dns',
    severity: 'warning',
    title: 'The VPC does not use the Amazon-provided DNS resolver',
  },
  'nat-egress': {
    id: 'nat-egress',
    severity: 'info',
    title: 'Tasks reach AWS through a NAT gateway, which works and costs',
  },
  'hub-endpoint-unverified': {
    id: 'hub-endpoint-unverified',
    severity: 'info',
    title:
      'A service is served by a hub VPC endpoint the checker was given no role to verify',
  },
  'cross-account-image-unverified': {
    id: 'cross-account-image-unverified',
    severity: 'info',
    title:
      "An image in another account's registry: its repository policy could not be read, so what to verify is listed",
  },
};

const SEVERITY_ORDER: Record<Severity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/**
 * Sort order for severities: errors first.
 *
 * @public
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_ORDER[a] - SEVERITY_ORDER[b];
}

/**
 * True when the value is a rule id of the catalogue.
 *
 * @public
 */
export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}
