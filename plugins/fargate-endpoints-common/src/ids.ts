/**
 * Validators for AWS identifiers, shared by the CLI, the backend and the scaffolder so that
 * bad input is rejected before any AWS call, with a message that names the fix.
 */

const ID_PATTERNS: Record<AwsIdKind, RegExp> = {
  vpc: /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/,
  subnet: /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/,
  securityGroup: /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/,
  routeTable: /^rtb-[0-9a-f]{8}([0-9a-f]{9})?$/,
  vpcEndpoint: /^vpce-[0-9a-f]{8}([0-9a-f]{9})?$/,
};

/**
 * The kinds of id the validators know.
 *
 * @public
 */
export type AwsIdKind =
  | 'vpc'
  | 'subnet'
  | 'securityGroup'
  | 'routeTable'
  | 'vpcEndpoint';

const EXAMPLES: Record<AwsIdKind, string> = {
  vpc: 'vpc-0a1b2c3d4e5f60718',
  subnet: 'subnet-0a1b2c3d4e5f60718',
  securityGroup: 'sg-0a1b2c3d4e5f60718',
  routeTable: 'rtb-0a1b2c3d4e5f60718',
  vpcEndpoint: 'vpce-0a1b2c3d4e5f60718',
};

const KIND_WORDS: Record<AwsIdKind, string> = {
  vpc: 'VPC',
  subnet: 'subnet',
  securityGroup: 'security group',
  routeTable: 'route table',
  vpcEndpoint: 'VPC endpoint',
};

/**
 * True when the value is a well-formed id of that kind.
 *
 * @public
 */
export function isAwsId(kind: AwsIdKind, value: string): boolean {
  return ID_PATTERNS[kind].test(value);
}

/**
 * An error message for a malformed id, or undefined when it is well formed.
 *
 * @public
 */
export function validateAwsId(
  kind: AwsIdKind,
  value: string,
): string | undefined {
  return isAwsId(kind, value)
    ? undefined
    : `"${value}" is not a ${KIND_WORDS[kind]} id; expected something like ${EXAMPLES[kind]}`;
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * True when the value is a 12-digit AWS account id.
 *
 * @public
 */
export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/**
 * An error message for a malformed account id, or undefined when it is well formed.
 *
 * @public
 */
export function validateAccountId(value: string): string | undefined {
  return isAccountId(value)
    ? undefined
    : `"${value}" is not a 12-digit AWS account id`;
}

/**
 * Splits a comma-separated list, trimming blanks.
 *
 * @public
 */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}
