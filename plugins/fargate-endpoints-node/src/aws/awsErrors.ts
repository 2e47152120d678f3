/**
 * Turning SDK errors into short, human reasons. A reason ends up in a report that people
 * read and that the backend serves, so it names the AWS error and the action, never a
 * credential, an account secret or the SDK's internal hints.
 */

/**
 * The AWS service an action belongs to, used as the IAM action prefix (`ec2:`, `ecs:`).
 *
 * @public
 */
export type AwsServicePrefix =
  | 'ec2'
  | 'ecs'
  | 'route53'
  | 'route53profiles'
  | 'elasticfilesystem'
  | 'ecr';

const ACCESS_DENIED_CODES = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
];

const THROTTLING_CODES = [
  'RequestLimitExceeded',
  'Throttling',
  // Route 53's answer to too many requests for one zone at once.
  'PriorRequestNotComplete',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
];

const SERVER_ERROR_CODES = [
  'InternalError',
  'InternalFailure',
  'ServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'Unavailable',
];

/** Codes that mean the credentials themselves are bad: every call fails the same way. */
const BAD_CREDENTIAL_CODES = [
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
];

const NETWORK_ERROR_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
];

interface SdkErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: unknown;
}

function asSdkError(error: unknown): SdkErrorLike {
  return typeof error === 'object' && error !== null
    ? (error as SdkErrorLike)
    : { message: String(error) };
}

/** The AWS error code of an SDK error (`AccessDenied`, `RequestLimitExceeded`, ...), when it has one. */
export function awsErrorCode(error: unknown): string | undefined {
  const e = asSdkError(error);
  return (
    e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code
  );
}

/**
 * True when the SDK found no credentials at all (no profile, no env keys, no role). No call
 * can succeed, so the caller stops with "no AWS credentials" instead of reporting every
 * part as unknown.
 *
 * @public
 */
export function isMissingCredentialsError(error: unknown): boolean {
  const e = asSdkError(error);
  return (
    e.name === 'CredentialsProviderError' || e.name === 'TokenProviderError'
  );
}

/** True when AWS rejected the credentials themselves (expired, unknown key, bad signature). */
export function isRejectedCredentialsError(error: unknown): boolean {
  return BAD_CREDENTIAL_CODES.includes(awsErrorCode(error) ?? '');
}

/**
 * The credentials of an account could not be had: its role could not be assumed, or its
 * profile could not be resolved. Every call in that account fails the same way, so the
 * reason names the account and what STS or the SDK said, not the call that asked.
 *
 * @public
 */
export class AccountCredentialsError extends Error {
  override name = 'AccountCredentialsError';

  constructor(accountId: string, cause: unknown) {
    const e = asSdkError(cause);
    const code = awsErrorCode(cause);
    const message = firstLine(redact(e.message ?? ''), 240);
    super(
      `could not get credentials for account ${accountId}: ${
        code && !isMissingCredentialsError(cause) && message !== code
          ? `${code}: ${message}`
          : message || code || 'no credentials'
      }`,
      { cause },
    );
  }
}

/** True when EC2 or ECS says the VPC does not exist. */
export function isVpcNotFoundError(error: unknown): boolean {
  return awsErrorCode(error) === 'InvalidVpcID.NotFound';
}

const SERVICE_LABELS: Record<AwsServicePrefix, string> = {
  ec2: 'EC2',
  ecs: 'ECS',
  route53: 'Route 53',
  route53profiles: 'Route 53 Profiles',
  elasticfilesystem: 'EFS',
  ecr: 'ECR',
};

function serviceLabel(service: AwsServicePrefix): string {
  return SERVICE_LABELS[service];
}

function attemptsSuffix(error: SdkErrorLike): string {
  const attempts = error.$metadata?.attempts;
  return attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
}

/** Strips anything that looks like an access key id, so a reason never carries one. */
function redact(text: string): string {
  return text.replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '<redacted>');
}

function firstLine(text: string, max = 160): string {
  const line = text.split('\n')[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function isMalformedResponse(error: SdkErrorLike): boolean {
  if (error.$metadata && error.$fault) return false; // a modelled AWS error parsed fine
  const message = error.message ?? '';
  return (
    message.includes('Deserialization error') ||
    error.name === 'SyntaxError' ||
    error.name === 'UnexpectedContentTypeError' ||
    /\b(unexpected|invalid|unclosed|malformed)\b.*\b(xml|json|token|tag|end)\b/i.test(
      message,
    ) ||
    (error.$response !== undefined && !error.$fault)
  );
}

function timeoutMs(message: string): string | undefined {
  return /(\d+)\s*ms/.exec(message)?.[1];
}

/**
 * A one-line reason for a failed AWS call, for example
 * `AccessDenied: not authorized to perform ec2:DescribeSecurityGroups`,
 * `throttled (RequestLimitExceeded) after 5 attempts`, `timed out after 5000 ms`,
 * `malformed response from EC2`.
 *
 * @public
 */
export function describeAwsError(
  error: unknown,
  service: AwsServicePrefix,
  action: string,
): string {
  const e = asSdkError(error);
  const code = awsErrorCode(error) ?? 'Error';
  const label = serviceLabel(service);
  if (error instanceof AccountCredentialsError) return error.message;
  if (ACCESS_DENIED_CODES.includes(code)) {
    return `${code}: not authorized to perform ${service}:${action}`;
  }
  if (THROTTLING_CODES.includes(code)) {
    return `throttled (${code})${attemptsSuffix(e)}`;
  }
  if (isMissingCredentialsError(error)) {
    return 'no AWS credentials found';
  }
  if (BAD_CREDENTIAL_CODES.includes(code)) {
    return `${code}: AWS rejected the credentials`;
  }
  if (code === 'TimeoutError' || e.code === 'ETIMEDOUT') {
    const ms = timeoutMs(e.message ?? '');
    return `timed out${ms ? ` after ${ms} ms` : ''}${attemptsSuffix(e)}`;
  }
  if (code === 'AbortError') {
    return 'aborted';
  }
  if (e.code && NETWORK_ERROR_CODES.includes(e.code)) {
    return `could not reach ${label} (${e.code})${attemptsSuffix(e)}`;
  }
  if (
    SERVER_ERROR_CODES.includes(code) ||
    (e.$fault === 'server' && e.$metadata)
  ) {
    const status = e.$metadata?.httpStatusCode;
    return `${label} server error (${code}${
      status ? `, HTTP ${status}` : ''
    })${attemptsSuffix(e)}`;
  }
  if (isMalformedResponse(e)) {
    return `malformed response from ${label}`;
  }
  const message = e.message ? firstLine(redact(e.message)) : '';
  return message && message !== code ? `${code}: ${message}` : code;
}
