/** HTTP answers in the three document forms AWS services use: XML, AWS JSON 1.1 and REST-JSON. */
import { AwsApiError } from './errors';
import type { SandboxResponse, ServiceProtocol } from './types';

export function xmlHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'text/xml;charset=UTF-8',
    'x-amzn-requestid': requestId,
  };
}

export function jsonHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
  };
}

/** REST-JSON services (EFS, Route 53 Profiles) answer `application/json`. */
export function restJsonHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
  };
}

export function xmlResponse(
  status: number,
  body: string,
  requestId: string,
): SandboxResponse {
  return { status, headers: xmlHeaders(requestId), body };
}

export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
): SandboxResponse {
  return {
    status,
    headers: jsonHeaders(requestId),
    body: JSON.stringify(body),
  };
}

export function restJsonResponse(
  status: number,
  body: unknown,
  requestId: string,
): SandboxResponse {
  return {
    status,
    headers: restJsonHeaders(requestId),
    body: JSON.stringify(body),
  };
}

/** A REST-JSON error: the code in `x-amzn-errortype`, the body as the service words it. */
export function restJsonError(
  status: number,
  code: string,
  body: unknown,
  requestId: string,
): SandboxResponse {
  const response = restJsonResponse(status, body, requestId);
  response.headers['x-amzn-errortype'] = code;
  return response;
}

/** A cut-off JSON body (the same for every JSON service: the parser fails on it). */
export const CUT_OFF_JSON = '{"services":[{"serviceArn":"arn:aws:ecs:';

/** An HTML page where an API answer was due. */
export function htmlResponse(requestId: string): SandboxResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'x-amzn-requestid': requestId,
    },
    body: '<!DOCTYPE html><html><head><title>Proxy</title></head><body><h1>Access to this site is restricted</h1></body></html>',
  };
}

/** An action a JSON service (ECS, ECR) does not have. */
export function unknownOperation(action: string): AwsApiError {
  return new AwsApiError(
    'UnknownOperationException',
    `Unknown operation ${action}`,
  );
}

/** The `User: … is not authorized to perform: …` message of a refusal. */
export function notAuthorized(
  who: { principal: string; permission: string },
  tail = '',
): string {
  return `User: ${who.principal} is not authorized to perform: ${who.permission}${tail}`;
}

/** A REST-JSON service's (EFS, Route 53 Profiles) empty and cut-off answers, alike for both. */
export const restJsonBrokenAnswers: Pick<
  ServiceProtocol,
  'emptyResponse' | 'malformedResponse'
> = {
  emptyResponse(_call, requestId) {
    return restJsonResponse(200, {}, requestId);
  },
  malformedResponse(_call, requestId) {
    return {
      status: 200,
      headers: restJsonHeaders(requestId),
      body: CUT_OFF_JSON,
    };
  },
};
