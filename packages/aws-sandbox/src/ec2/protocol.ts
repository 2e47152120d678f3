/**
 * EC2 as its Query API speaks (EC2 API Reference, "Making requests", "Error codes"): form
 * parameters, XML answers in the 2016-11-15 namespace, `RequestLimitExceeded` (503) when
 * throttled, `UnauthorizedOperation` (403) when IAM refuses.
 */
import { AwsApiError } from '../protocol/errors';
import { xmlHeaders, xmlResponse } from '../protocol/responses';
import type { ServiceProtocol } from '../protocol/types';
import { ec2ErrorDocument, ec2ResponseDocument } from '../protocol/xml';
import { EC2_ACTIONS } from './actions';

/** EC2: every Query request that no other Query service (STS) claims. */
export const EC2_PROTOCOL: ServiceProtocol = {
  service: 'ec2',
  iamPrefix: 'ec2',
  internalErrorCode: 'InternalError',
  identify(request) {
    const params = request.formParams();
    const action = params.get('Action');
    if (!action)
      throw new AwsApiError(
        'MissingAction',
        'The request must contain the parameter Action',
      );
    return {
      service: 'ec2',
      action,
      region: request.region,
      accessKeyId: request.accessKeyId,
      params,
    };
  },
  answer(call, ctx) {
    const action = EC2_ACTIONS[call.action];
    if (!action)
      throw new AwsApiError(
        'InvalidAction',
        `The action ${call.action} is not valid for this web service.`,
      );
    const body = action({
      world: ctx.world,
      accountId: ctx.accountId,
      region: call.region,
      pageSize: ctx.pageSize,
      params: call.params!,
    });
    return xmlResponse(
      200,
      ec2ResponseDocument(call.action, ctx.requestId, body),
      ctx.requestId,
    );
  },
  errorResponse(error, requestId) {
    return xmlResponse(
      error.status,
      ec2ErrorDocument(error.code, error.message, requestId),
      requestId,
    );
  },
  faultError(kind, _call, who) {
    if (kind === 'throttle')
      return new AwsApiError(
        'RequestLimitExceeded',
        'Request limit exceeded.',
        503,
      );
    if (kind === 'server-error')
      return new AwsApiError(
        'InternalError',
        'An internal error has occurred',
        500,
      );
    return new AwsApiError(
      'UnauthorizedOperation',
      `You are not authorized to perform this operation. User: ${who.principal} is not authorized to perform: ${who.permission} because no identity-based policy allows the ${who.permission} action`,
      403,
    );
  },
  emptyResponse(call, requestId) {
    return xmlResponse(
      200,
      ec2ResponseDocument(call.action, requestId, {}),
      requestId,
    );
  },
  malformedResponse(call, requestId) {
    return {
      status: 200,
      headers: xmlHeaders(requestId),
      body: `<${call.action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${requestId}</requestId><item><unterminated`,
    };
  },
};
