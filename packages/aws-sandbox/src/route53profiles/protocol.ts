/**
 * Route 53 Profiles as its REST-JSON API speaks (Route 53 API Reference, "Amazon Route 53
 * Profiles"): a regional service; errors named in `x-amzn-errortype`, `ThrottlingException`
 * and `AccessDeniedException` both HTTP 400, `InternalServiceErrorException` (500).
 */
import { AwsApiError } from '../protocol/errors';
import {
  notAuthorized,
  restJsonBrokenAnswers,
  restJsonError,
  restJsonResponse,
} from '../protocol/responses';
import type { ServiceProtocol } from '../protocol/types';
import { ROUTE53_PROFILES_ACTIONS, route53ProfilesActionOf } from './actions';

/** Route 53 Profiles: signed for `route53profiles`, or sent to a `route53profiles.` host. */
export const ROUTE53_PROFILES_PROTOCOL: ServiceProtocol = {
  service: 'route53profiles',
  iamPrefix: 'route53profiles',
  internalErrorCode: 'InternalError',
  identify(request) {
    if (
      request.signingService !== 'route53profiles' &&
      !request.host.startsWith('route53profiles.')
    )
      return undefined;
    const action = route53ProfilesActionOf(
      request.method.toUpperCase(),
      request.url.pathname,
    );
    if (!action)
      throw new AwsApiError(
        'ValidationException',
        `The sandbox does not serve ${request.method} ${request.url.pathname}`,
      );
    return {
      service: 'route53profiles',
      action,
      region: request.region,
      accessKeyId: request.accessKeyId,
      path: request.url.pathname,
      query: request.url.searchParams,
    };
  },
  answer(call, ctx) {
    const action = ROUTE53_PROFILES_ACTIONS[call.action]!;
    return restJsonResponse(
      200,
      action({
        world: ctx.world,
        accountId: ctx.accountId,
        region: call.region,
        path: call.path ?? '',
        query: call.query ?? new URLSearchParams(),
        pageSize: ctx.pageSize,
      }),
      ctx.requestId,
    );
  },
  errorResponse(error, requestId) {
    return restJsonError(
      error.status,
      error.code,
      { Message: error.message },
      requestId,
    );
  },
  faultError(kind, _call, who) {
    if (kind === 'throttle')
      return new AwsApiError(
        'ThrottlingException',
        'The request was throttled. Try again in a few minutes.',
        400,
      );
    if (kind === 'server-error')
      return new AwsApiError(
        'InternalServiceErrorException',
        'An internal server error occured. Retry your request.',
        500,
      );
    return new AwsApiError(
      'AccessDeniedException',
      notAuthorized(
        who,
        ` because no identity-based policy allows the ${who.permission} action`,
      ),
      400,
    );
  },
  ...restJsonBrokenAnswers,
};
