/**
 * Endpoint policy evaluation, IAM style, reduced to what an endpoint policy can say.
 *
 * Decision we adopt where the checker cannot know the answer: a statement whose Condition,
 * Principal (other than `*`) or specific Resource it cannot evaluate is *uncertain*. An
 * uncertain Allow still counts as allowing and an uncertain Deny does not count as denying,
 * so the checker never reports a false `endpoint-policy-denies` error; the outcome is marked
 * uncertain so the endpoint's policy aspect shows a warning instead of a pass. Conditions
 * such as `aws:PrincipalAccount` or `aws:SourceVpc` usually hold for the task's own role.
 */

/** One statement of a policy document, as JSON has it. */
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, unknown>;
}

/** A parsed policy document. */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

/** What the task's request is: an action and, when the checker can name it, a resource ARN. */
export interface PolicyRequest {
  action: string;
  /** The resource ARN; undefined when it is a specific resource the checker cannot name (a secret, a log group). */
  resource?: string;
}

/** The policy's answer to one request. */
export interface PolicyEvaluation {
  decision: 'allowed' | 'explicitly-denied' | 'not-allowed';
  /** True when the decision rests on a statement the checker could not fully evaluate. */
  uncertain: boolean;
  /** The statement that decided, by Sid or position. */
  statement?: string;
}

type Applies = 'yes' | 'no' | 'maybe';

/** Parses a policy JSON; undefined when it is not a policy document. */
export function parsePolicy(json: string): PolicyDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const statement = (value as { Statement?: unknown }).Statement;
  if (Array.isArray(statement))
    return { ...(value as object), Statement: statement };
  if (typeof statement === 'object' && statement !== null) {
    return { ...(value as object), Statement: [statement as PolicyStatement] };
  }
  return undefined;
}

function list(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** Matches an IAM pattern with `*` and `?` wildcards. */
export function wildcardMatch(
  pattern: string,
  value: string,
  caseInsensitive: boolean,
): boolean {
  const source = pattern
    .split('')
    .map(c => {
      if (c === '*') return '.*';
      if (c === '?') return '.';
      return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

function principalApplies(statement: PolicyStatement): Applies {
  if (statement.NotPrincipal !== undefined) return 'maybe';
  const p = statement.Principal;
  if (p === undefined || p === '*') return 'yes';
  if (typeof p === 'object' && p !== null) {
    const aws = list((p as { AWS?: string | string[] }).AWS);
    if (aws?.includes('*')) return 'yes';
  }
  return 'maybe';
}

function actionApplies(statement: PolicyStatement, action: string): Applies {
  const actions = list(statement.Action);
  const notActions = list(statement.NotAction);
  if (actions)
    return actions.some(a => wildcardMatch(a, action, true)) ? 'yes' : 'no';
  if (notActions)
    return notActions.some(a => wildcardMatch(a, action, true)) ? 'no' : 'yes';
  return 'no';
}

function resourceApplies(
  statement: PolicyStatement,
  resource: string | undefined,
): Applies {
  const resources = list(statement.Resource);
  const notResources = list(statement.NotResource);
  if (resources) {
    if (resource !== undefined) {
      return resources.some(r => wildcardMatch(r, resource, false))
        ? 'yes'
        : 'no';
    }
    return resources.includes('*') ? 'yes' : 'maybe';
  }
  if (notResources) {
    if (notResources.includes('*')) return 'no';
    if (resource !== undefined) {
      return notResources.some(r => wildcardMatch(r, resource, false))
        ? 'no'
        : 'yes';
    }
    return 'maybe';
  }
  return 'yes';
}

function statementApplies(
  statement: PolicyStatement,
  request: PolicyRequest,
): Applies {
  const parts: Applies[] = [
    actionApplies(statement, request.action),
    resourceApplies(statement, request.resource),
    principalApplies(statement),
    statement.Condition && Object.keys(statement.Condition).length > 0
      ? 'maybe'
      : 'yes',
  ];
  if (parts.includes('no')) return 'no';
  return parts.includes('maybe') ? 'maybe' : 'yes';
}

/**
 * Evaluates the request against the policy: an explicit Deny wins, then an Allow, else the
 * implicit deny. See the module comment for how uncertain statements count.
 */
export function evaluatePolicy(
  policy: PolicyDocument,
  request: PolicyRequest,
): PolicyEvaluation {
  let allow: { name: string; certain: boolean } | undefined;
  let uncertainDeny = false;
  for (const [index, statement] of policy.Statement.entries()) {
    const applies = statementApplies(statement, request);
    if (applies === 'no') continue;
    const name = statement.Sid ?? `statement ${index + 1}`;
    const effect = (statement.Effect ?? '').toLowerCase();
    if (effect === 'deny') {
      if (applies === 'yes') {
        return {
          decision: 'explicitly-denied',
          uncertain: false,
          statement: name,
        };
      }
      uncertainDeny = true;
    } else if (
      effect === 'allow' &&
      (!allow || (!allow.certain && applies === 'yes'))
    ) {
      allow = { name, certain: applies === 'yes' };
    }
  }
  return allow
    ? {
        decision: 'allowed',
        uncertain: !allow.certain || uncertainDeny,
        statement: allow.name,
      }
    : { decision: 'not-allowed', uncertain: uncertainDeny };
}

/** True when the document is absent or is the full-access policy AWS attaches by default. */
export function isDefaultPolicy(json: string | undefined): boolean {
  if (json === undefined || json.trim() === '') return true;
  const policy = parsePolicy(json);
  if (!policy || policy.Statement.length !== 1) return false;
  const [s] = policy.Statement;
  return (
    (s.Effect ?? '').toLowerCase() === 'allow' &&
    principalApplies(s) === 'yes' &&
    s.NotPrincipal === undefined &&
    list(s.Action)?.includes('*') === true &&
    list(s.Resource)?.includes('*') === true &&
    (s.Condition === undefined || Object.keys(s.Condition).length === 0)
  );
}
