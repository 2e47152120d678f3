/**
 * The sandbox's control routes: change the world while the sandbox serves it, as a network
 * team would in the console, so that the local portal (and the end-to-end test) can watch a
 * service break and recover. Served by `startSandboxServer` under `/_sandbox/` when it is
 * given `control` (`bin/sandbox` does); AWS's own calls are `POST /` and never reach them.
 *
 * - `DELETE /_sandbox/vpcs/{vpcId}/endpoints/{service}`: deletes the VPC's endpoint for a
 *   service suffix (`ecr.api`, `s3`); answers `{ vpcId, endpoint }`, the endpoint as it was.
 * - `PUT /_sandbox/vpcs/{vpcId}/endpoints`: puts an endpoint (a body as DELETE answered it)
 *   back in the VPC, replacing one with the same id.
 * - `POST /_sandbox/reset`: the world the sandbox started with.
 *
 * With `changes`, a deletion and a restore also go to that queue as the CloudTrail events AWS
 * logs for them (DeleteVpcEndpoints, CreateVpcEndpoint), as EventBridge would route them.
 *
 * Answers are JSON; an unknown VPC or endpoint is a 404 with `{ error }`.
 */
import type { AwsSandbox } from './sandbox';
import type {
  SandboxVpc,
  SandboxVpcEndpoint,
  SandboxWorld,
} from './world/types';
import { findEndpoint } from './world/vpcBuilders';
import { cloudTrailEvent, SandboxChangeQueue } from './sqs/changeQueue';

/** What the control routes need: how to build the world the sandbox started with. */
export interface SandboxControlOptions {
  initialWorld: () => SandboxWorld;
  /**
   * Where a change also goes as the CloudTrail event AWS would log (via EventBridge): the
   * queue the server then answers SQS calls from.
   */
  changes?: SandboxChangeQueue;
}

/** The account and region a VPC is in. */
function placeOf(
  world: SandboxWorld,
  vpcId: string,
): { accountId: string; region: string } | undefined {
  for (const [accountId, account] of Object.entries(world.accounts))
    for (const [region, data] of Object.entries(account.regions))
      if (data.vpcs.some(v => v.id === vpcId)) return { accountId, region };
  return undefined;
}

/** A control route's answer. */
export interface SandboxControlAnswer {
  status: number;
  body: unknown;
}

/** The path prefix of the control routes. */
export const CONTROL_PREFIX = '/_sandbox/';

function findVpc(world: SandboxWorld, vpcId: string): SandboxVpc | undefined {
  for (const account of Object.values(world.accounts)) {
    for (const region of Object.values(account.regions)) {
      const vpc = region.vpcs.find(v => v.id === vpcId);
      if (vpc) return vpc;
    }
  }
  return undefined;
}

const notFound = (error: string): SandboxControlAnswer => ({
  status: 404,
  body: { error },
});

function isEndpoint(value: unknown): value is SandboxVpcEndpoint {
  const e = value as SandboxVpcEndpoint | undefined;
  return (
    typeof e?.id === 'string' &&
    typeof e.serviceName === 'string' &&
    typeof e.type === 'string' &&
    Array.isArray(e.subnetIds) &&
    Array.isArray(e.securityGroupIds) &&
    Array.isArray(e.routeTableIds)
  );
}

/** Answers a control request, or undefined when the path is not one of the routes. */
export function handleControlRequest(
  sandbox: AwsSandbox,
  options: SandboxControlOptions,
  request: { method: string; path: string; body: string },
): SandboxControlAnswer | undefined {
  const { method, path } = request;
  if (method === 'POST' && path === `${CONTROL_PREFIX}reset`) {
    sandbox.world = options.initialWorld();
    return { status: 200, body: { reset: true } };
  }
  const remove = /^\/_sandbox\/vpcs\/([^/]+)\/endpoints\/([^/]+)$/.exec(path);
  if (method === 'DELETE' && remove) {
    const [vpcId, service] = remove.slice(1).map(decodeURIComponent);
    const vpc = findVpc(sandbox.world, vpcId);
    if (!vpc) return notFound(`no VPC ${vpcId}`);
    const endpoint = findEndpoint(vpc, service);
    if (!endpoint) return notFound(`no ${service} endpoint in ${vpcId}`);
    // DeleteVpcEndpoints: deleting an interface endpoint deletes its network interfaces (and
    // so its private DNS); deleting a gateway endpoint deletes its routes from the route
    // tables (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpoints.html).
    // The sandbox renders both from the endpoint, so removing it removes them. EC2 shows a
    // deleted endpoint as `deleted` for a while before it disappears; the sandbox jumps to
    // the end state.
    vpc.endpoints = vpc.endpoints.filter(e => e !== endpoint);
    const place = placeOf(sandbox.world, vpcId);
    if (options.changes && place)
      options.changes.send(
        cloudTrailEvent({
          ...place,
          eventSource: 'ec2.amazonaws.com',
          eventName: 'DeleteVpcEndpoints',
          requestParameters: {
            DeleteVpcEndpointsRequest: {
              VpcEndpointId: { tag: 1, content: endpoint.id },
            },
          },
          responseElements: {
            DeleteVpcEndpointsResponse: { unsuccessful: '' },
          },
        }),
      );
    return { status: 200, body: { vpcId, endpoint } };
  }
  const put = /^\/_sandbox\/vpcs\/([^/]+)\/endpoints$/.exec(path);
  if (method === 'PUT' && put) {
    const vpcId = decodeURIComponent(put[1]);
    const vpc = findVpc(sandbox.world, vpcId);
    if (!vpc) return notFound(`no VPC ${vpcId}`);
    let endpoint: unknown;
    try {
      endpoint = JSON.parse(request.body);
    } catch {
      endpoint = undefined;
    }
    if (!isEndpoint(endpoint)) {
      return {
        status: 400,
        body: {
          error:
            'the body must be an endpoint as DELETE answered it (id, serviceName, type, subnetIds, securityGroupIds, routeTableIds)',
        },
      };
    }
    const restored = endpoint;
    // CreateVpcEndpoint: the endpoint is `available` once created (the sandbox skips
    // `pending`; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html).
    vpc.endpoints = [
      ...vpc.endpoints.filter(e => e.id !== restored.id),
      restored,
    ];
    const place = placeOf(sandbox.world, vpcId);
    if (options.changes && place)
      options.changes.send(
        cloudTrailEvent({
          ...place,
          eventSource: 'ec2.amazonaws.com',
          eventName: 'CreateVpcEndpoint',
          requestParameters: {
            CreateVpcEndpointRequest: {
              VpcId: vpcId,
              ServiceName: restored.serviceName,
            },
          },
          responseElements: {
            CreateVpcEndpointResponse: {
              vpcEndpoint: { vpcEndpointId: restored.id, vpcId },
            },
          },
        }),
      );
    return { status: 200, body: { vpcId, endpoint: restored } };
  }
  return notFound(`no control route ${method} ${path}`);
}
