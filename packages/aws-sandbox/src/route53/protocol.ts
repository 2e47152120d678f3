/**
 * Route 53 as its REST-XML API speaks (Route 53 API Reference, API version 2013-04-01): one
 * global endpoint, `route53.amazonaws.com`, paths under `/2013-04-01/`, XML errors;
 * `Throttling` (400) when throttled, `AccessDenied` (403), `InternalFailure` (500).
 */
import { AwsApiError } from '../protocol/errors';
import { notAuthorized, xmlHeaders, xmlResponse } from '../protocol/responses';
import type { ServiceProtocol } from '../protocol/types';
import {
  ROUTE53_ACTIONS,
  route53ActionOf,
  route53EmptyDocument,
  route53ErrorDocument,
} from './actions';

const ROUTE53_HOST = /^route53\.amazonaws\.com(\.cn)?(:\d+)?$/;
const ROUTE53_PATH = /^\/2013-04-01\/(.*)$/;

/** Route 53: signed for `route53`, or sent to its global host. */
export const ROUTE53_PROTOCOL: ServiceProtocol = {
  service: 'route53',
  iamPrefix: 'route53',
  internalErrorCode: 'InternalError',
  identify(request) {
    if (
      request.signingService !== 'route53' &&
      !ROUTE53_HOST.test(request.host)
    )
      return undefined;
    const path = ROUTE53_PATH.exec(request.url.pathname)?.[1] ?? '';
    const action = route53ActionOf(request.method.toUpperCase(), path);
    if (!action)
      throw new AwsApiError(
        'InvalidAction',
        `The sandbox does not serve ${request.method} ${request.url.pathname}`,
      );
    return {
      service: 'route53',
      action,
      region: request.region,
      accessKeyId: request.accessKeyId,
      path,
      query: request.url.searchParams,
    };
  },
  answer(call, ctx) {
    const action = ROUTE53_ACTIONS[call.action]!;
    return xmlResponse(
      200,
      action({
        world: ctx.world,
        accountId: ctx.accountId,
        path: call.path ?? '',
        query: call.query ?? new URLSearchParams(),
        pageSize: ctx.pageSize,
      }),
      ctx.requestId,
    );
  },
  errorResponse(error, requestId) {
    return xmlResponse(
      error.status,
      route53ErrorDocument(error.code, error.message, error.status, requestId),
      requestId,
    );
  },
  // Route 53 API Reference, "Common errors" and each action's Errors.
  faultError(kind, _call, who) {
    if (kind === 'throttle')
      return new AwsApiError('Throttling', 'Rate exceeded', 400);
    if (kind === 'server-error')
      return new AwsApiError(
        'InternalFailure',
        'An internal error occurred.',
        500,
      );
    return new AwsApiError('AccessDenied', notAuthorized(who), 403);
  },
  emptyResponse(call, requestId) {
    return xmlResponse(200, route53EmptyDocument(call.action), requestId);
  },
  malformedResponse(call, requestId) {
    return {
      status: 200,
      headers: xmlHeaders(requestId),
      body: `<?xml version="1.0"?>\n<${call.action}Response xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZoneSummaries><HostedZoneSummary><HostedZoneId>Z0`,
    };
  },
};
