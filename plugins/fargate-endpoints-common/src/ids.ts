/**
 * Validators for AWS identifiers, shared by the CLI, the backend and the scaffolder so that
 * bad input is rejected before any AWS call, with a message that names the fix.
 */

const ID_PATTERNS = {
  vpc: /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/,
  subnet: /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/,
  securityGroup: /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/,
};

/** The kinds of id the validators know. */
export type AwsIdKind = keyof typeof ID_PATTERNS;

const EXAMPLES: Record<AwsIdKind, string> = {
  vpc: 'vpc-0a1b2c3d4e5f60718',
  subnet: 'subnet-0a1b2c3d4e5f60718',
  securityGroup: 'sg-0a1b2c3d4e5f60718',
};

/** True when the value is a well-formed id of that kind. */
export function isAwsId(kind: AwsIdKind, value: string): boolean {
  return ID_PATTERNS[kind].test(value);
}

/** An error message for a malformed id, or undefined when it is well formed. */
export function validateAwsId(
  kind: AwsIdKind,
  value: string,
): string | undefined {
  return isAwsId(kind, value)
    ? undefined
    : `"${value}" is not a ${
        kind === 'securityGroup' ? 'security group' : kind
      } id; expected something like ${EXAMPLES[kind]}`;
}

/** The parts of an ECS service ARN. */
export interface EcsServiceArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  clusterName: string;
  serviceName: string;
}

const ECS_SERVICE_ARN =
  /^arn:(aws|aws-us-gov|aws-cn):ecs:([a-z]{2}(-gov)?-[a-z]+-\d):(\d{12}):service\/([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/;

/**
 * Parses an ECS service ARN in the long format
 * `arn:aws:ecs:<region>:<account>:service/<cluster>/<service>`; undefined when malformed.
 */
export function parseEcsServiceArn(arn: string): EcsServiceArn | undefined {
  const m = ECS_SERVICE_ARN.exec(arn.trim());
  if (!m) return undefined;
  return {
    arn: arn.trim(),
    partition: m[1],
    region: m[2],
    accountId: m[4],
    clusterName: m[5],
    serviceName: m[6],
  };
}

/** Splits a comma-separated list, trimming blanks. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}
