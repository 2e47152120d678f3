/**
 * A minimal STS (Query protocol, version 2011-06-15) so role assumption works against the
 * sandbox: AssumeRole hands out keys that the sandbox then maps to the role's account.
 */
import { createHash } from 'node:crypto';
import { AwsApiError } from '../protocol/errors';
import type { QueryParams } from '../protocol/query';
import type { XmlValue } from '../protocol/xml';

/** The STS API namespace. */
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** What an STS action gets to work with. */
export interface StsCallContext {
  accountId: string;
  accessKeyId?: string;
  params: QueryParams;
  /** Records that keys issued by AssumeRole belong to an account. */
  issueKey(accessKeyId: string, accountId: string): void;
}

/** An STS action: returns the members of `<ActionResult>`. */
export type StsAction = (ctx: StsCallContext) => {
  [element: string]: XmlValue;
};

const ROLE_ARN =
  /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

const assumeRole: StsAction = ctx => {
  const roleArn = ctx.params.get('RoleArn');
  const sessionName = ctx.params.get('RoleSessionName');
  if (!roleArn)
    throw new AwsApiError(
      'MissingParameter',
      'The request must contain the parameter RoleArn',
    );
  if (!sessionName)
    throw new AwsApiError(
      'MissingParameter',
      'The request must contain the parameter RoleSessionName',
    );
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new AwsApiError('ValidationError', `${roleArn} is invalid`);
  const [, roleAccount, roleName] = match;
  const digest = createHash('sha1')
    .update(`${roleArn}:${sessionName}`)
    .digest('hex')
    .toUpperCase();
  const accessKeyId = `ASIA${digest.slice(0, 16)}`;
  ctx.issueKey(accessKeyId, roleAccount);
  const roleId = `AROA${digest.slice(16, 33)}`;
  const seconds = Number(ctx.params.get('DurationSeconds') ?? 3600);
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: `sandbox-secret-${digest.slice(0, 24)}`,
      SessionToken: `sandbox-session-${digest}`,
      Expiration: new Date(Date.now() + seconds * 1000),
    },
    AssumedRoleUser: {
      AssumedRoleId: `${roleId}:${sessionName}`,
      Arn: `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${sessionName}`,
    },
  };
};

const getCallerIdentity: StsAction = ctx => ({
  UserId: ctx.accessKeyId ?? 'AIDASANDBOX',
  Account: ctx.accountId,
  Arn: `arn:aws:iam::${ctx.accountId}:user/sandbox`,
});

/** Every STS action the sandbox answers. */
export const STS_ACTIONS: Record<string, StsAction> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: getCallerIdentity,
};
