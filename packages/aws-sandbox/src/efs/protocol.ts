/**
 * Amazon EFS as its REST-JSON API speaks (EFS API Reference, version 2015-02-01): paths under
 * `/2015-02-01/`, errors named in `x-amzn-errortype` with `ErrorCode` and `Message`;
 * `ThrottlingException` (429), `InternalServerError` (500), `AccessDeniedException` (403).
 */
import { regionData } from '../ec2/actions';
import { AwsApiError } from '../protocol/errors';
import {
  notAuthorized,
  restJsonBrokenAnswers,
  restJsonError,
  restJsonResponse,
} from '../protocol/responses';
import type { ServiceProtocol } from '../protocol/types';
import { EFS_ACTIONS, efsActionOf } from './actions';

const EFS_PATH = /^\/2015-02-01\/(.*)$/;

/** EFS: signed for `elasticfilesystem`, or sent to an `elasticfilesystem.` host. */
export const EFS_PROTOCOL: ServiceProtocol = {
  service: 'efs',
  iamPrefix: 'elasticfilesystem',
  internalErrorCode: 'InternalError',
  identify(request) {
    if (
      request.signingService !== 'elasticfilesystem' &&
      !request.host.startsWith('elasticfilesystem.')
    )
      return undefined;
    const path = EFS_PATH.exec(request.url.pathname)?.[1] ?? '';
    const action = efsActionOf(request.method.toUpperCase(), path);
    if (!action)
      throw new AwsApiError(
        'BadRequest',
        `The sandbox does not serve ${request.method} ${request.url.pathname}`,
      );
    return {
      service: 'efs',
      action,
      region: request.region,
      accessKeyId: request.accessKeyId,
      path,
      query: request.url.searchParams,
    };
  },
  answer(call, ctx) {
    const action = EFS_ACTIONS[call.action]!;
    return restJsonResponse(
      200,
      action({
        region: regionData({
          world: ctx.world,
          accountId: ctx.accountId,
          region: call.region,
        }),
        regionName: call.region,
        accountId: ctx.accountId,
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
      { ErrorCode: error.code, Message: error.message },
      requestId,
    );
  },
  faultError(kind, _call, who) {
    if (kind === 'throttle')
      return new AwsApiError('ThrottlingException', 'Rate exceeded', 429);
    if (kind === 'server-error')
      return new AwsApiError(
        'InternalServerError',
        'Internal server error',
        500,
      );
    return new AwsApiError(
      'AccessDeniedException',
      notAuthorized(who, ' on resource: *'),
      403,
    );
  },
  ...restJsonBrokenAnswers,
};
