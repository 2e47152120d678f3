/**
 * STS as its Query API speaks (STS API Reference, version 2011-06-15): form parameters, XML
 * answers and errors in the STS namespace.
 */
import { AwsApiError } from '../protocol/errors';
import { EC2_PROTOCOL } from '../ec2/protocol';
import { xmlResponse } from '../protocol/responses';
import type { ServiceProtocol } from '../protocol/types';
import { element, escapeXml } from '../protocol/xml';
import { STS_ACTIONS, STS_NAMESPACE } from './actions';

/** STS: a Query request signed for `sts`, sent to an `sts.` host, or of version 2011-06-15. */
export const STS_PROTOCOL: ServiceProtocol = {
  service: 'sts',
  iamPrefix: 'sts',
  internalErrorCode: 'InternalError',
  identify(request) {
    const params = request.formParams();
    const action = params.get('Action');
    if (!action) return undefined;
    const isSts =
      request.signingService === 'sts' ||
      request.hostService === 'sts' ||
      params.get('Version') === '2011-06-15';
    if (!isSts) return undefined;
    return {
      service: 'sts',
      action,
      region: request.region,
      accessKeyId: request.accessKeyId,
      params,
    };
  },
  answer(call, ctx) {
    const action = STS_ACTIONS[call.action];
    if (!action)
      throw new AwsApiError(
        'InvalidAction',
        `The action ${call.action} is not valid for this web service.`,
      );
    const result = action({
      accountId: ctx.accountId,
      accessKeyId: call.accessKeyId,
      params: call.params!,
      issueKey: ctx.issueKey,
    });
    return xmlResponse(
      200,
      `<?xml version="1.0" encoding="UTF-8"?>\n<${
        call.action
      }Response xmlns="${STS_NAMESPACE}">${element(
        `${call.action}Result`,
        result,
      )}<ResponseMetadata>${element(
        'RequestId',
        ctx.requestId,
      )}</ResponseMetadata></${call.action}Response>`,
      ctx.requestId,
    );
  },
  errorResponse(error, requestId) {
    return xmlResponse(
      error.status,
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${
        error.status >= 500 ? 'Receiver' : 'Sender'
      }</Type>` +
        `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(
          error.message,
        )}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
      requestId,
    );
  },
  faultError(kind, _call, who) {
    if (kind === 'throttle')
      return new AwsApiError('Throttling', 'Rate exceeded', 400);
    if (kind === 'server-error')
      return new AwsApiError(
        'InternalFailure',
        'An internal error occurred.',
        500,
      );
    return new AwsApiError(
      'AccessDenied',
      `User: ${who.principal} is not authorized to perform: ${who.permission}`,
      403,
    );
  },
  // STS answers are EC2-shaped XML documents to a parser that fails on them alike.
  emptyResponse: EC2_PROTOCOL.emptyResponse,
  malformedResponse: EC2_PROTOCOL.malformedResponse,
};
