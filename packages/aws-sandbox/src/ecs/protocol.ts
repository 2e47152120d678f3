/**
 * ECS as its AWS JSON 1.1 API speaks (ECS API Reference, "Common errors"): `X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Action>`, JSON bodies, `__type` errors,
 * `ThrottlingException` (400) when throttled, `ServerException` (500) for its own faults.
 */
import { AwsApiError } from '../protocol/errors';
import {
  CUT_OFF_JSON,
  jsonHeaders,
  jsonResponse,
  notAuthorized,
  unknownOperation,
} from '../protocol/responses';
import type { ServiceProtocol } from '../protocol/types';
import { ECS_ACTIONS } from './actions';

const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';

/** ECS and ECR share AWS JSON 1.1: their errors, empty and broken answers are alike. */
export const jsonProtocolAnswers: Pick<
  ServiceProtocol,
  'errorResponse' | 'faultError' | 'emptyResponse' | 'malformedResponse'
> = {
  errorResponse(error, requestId) {
    return jsonResponse(
      error.status,
      { __type: error.code, message: error.message },
      requestId,
    );
  },
  faultError(kind, _call, who) {
    if (kind === 'throttle')
      return new AwsApiError('ThrottlingException', 'Rate exceeded', 400);
    if (kind === 'server-error')
      return new AwsApiError(
        'ServerException',
        'Service Unavailable. Please try again later.',
        500,
      );
    return new AwsApiError(
      'AccessDeniedException',
      notAuthorized(
        who,
        ` on resource: * because no identity-based policy allows the ${who.permission} action`,
      ),
      403,
    );
  },
  emptyResponse(_call, requestId) {
    return jsonResponse(200, {}, requestId);
  },
  malformedResponse(_call, requestId) {
    return { status: 200, headers: jsonHeaders(requestId), body: CUT_OFF_JSON };
  },
};

/** ECS: a request whose X-Amz-Target names the ECS API. */
export const ECS_PROTOCOL: ServiceProtocol = {
  service: 'ecs',
  iamPrefix: 'ecs',
  internalErrorCode: 'ServerException',
  identify(request) {
    const target = request.headers['x-amz-target'];
    if (!target?.startsWith(ECS_TARGET_PREFIX)) return undefined;
    let input: Record<string, unknown>;
    try {
      input = request.body ? JSON.parse(request.body) : {};
    } catch {
      throw new AwsApiError(
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
    }
    return {
      service: 'ecs',
      action: target.slice(ECS_TARGET_PREFIX.length),
      region: request.region,
      accessKeyId: request.accessKeyId,
      input,
    };
  },
  answer(call, ctx) {
    const action = ECS_ACTIONS[call.action];
    if (!action) throw unknownOperation(call.action);
    const body = action({
      world: ctx.world,
      accountId: ctx.accountId,
      region: call.region,
      pageSize: ctx.pageSize,
      input: call.input ?? {},
    });
    return jsonResponse(200, body, ctx.requestId);
  },
  ...jsonProtocolAnswers,
};
