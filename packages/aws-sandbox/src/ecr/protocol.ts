/**
 * Amazon ECR as its AWS JSON 1.1 API speaks (ECR API Reference): `X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.<Action>`, errors like ECS's.
 */
import { regionData } from '../ec2/actions';
import { jsonProtocolAnswers } from '../ecs/protocol';
import { AwsApiError } from '../protocol/errors';
import { jsonResponse, unknownOperation } from '../protocol/responses';
import type { ServiceProtocol } from '../protocol/types';
import { ECR_ACTIONS, ECR_TARGET_PREFIX } from './actions';

/** ECR: a request whose X-Amz-Target names the ECR API. */
export const ECR_PROTOCOL: ServiceProtocol = {
  service: 'ecr',
  iamPrefix: 'ecr',
  internalErrorCode: 'InternalError',
  identify(request) {
    const target = request.headers['x-amz-target'];
    if (!target?.startsWith(ECR_TARGET_PREFIX)) return undefined;
    let input: Record<string, unknown> = {};
    try {
      input = request.body ? JSON.parse(request.body) : {};
    } catch {
      throw new AwsApiError('SerializationException', 'Malformed JSON');
    }
    return {
      service: 'ecr',
      action: target.slice(ECR_TARGET_PREFIX.length),
      region: request.region,
      accessKeyId: request.accessKeyId,
      input,
    };
  },
  answer(call, ctx) {
    const action = ECR_ACTIONS[call.action];
    if (!action) throw unknownOperation(call.action);
    const base = {
      world: ctx.world,
      accountId: ctx.accountId,
      region: call.region,
      pageSize: ctx.pageSize,
    };
    return jsonResponse(
      200,
      action({
        region: regionData(base),
        regionName: call.region,
        accountId: ctx.accountId,
        input: call.input ?? {},
        registry: registryId => regionData({ ...base, accountId: registryId }),
      }),
      ctx.requestId,
    );
  },
  ...jsonProtocolAnswers,
};
