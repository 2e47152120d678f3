/**
 * Route 53 Profiles, as its REST-JSON API answers (Route 53 API Reference, "Amazon Route 53
 * Profiles", API version 2018-05-10; regional endpoint `route53profiles.<region>.amazonaws.com`):
 * - `GET /profileassociations?resourceId=&profileId=&maxResults=&nextToken=`
 *   (ListProfileAssociations): the account's associations of Profiles with VPCs;
 * - `GET /profileresourceassociations/profileid/{ProfileId}?resourceType=&maxResults=&nextToken=`
 *   (ListProfileResourceAssociations): the resources (private hosted zones, Resolver rules,
 *   DNS Firewall rule groups) a Profile carries, for its owner or an account it is shared
 *   with through AWS RAM.
 * `maxResults` is 1 to 100, 100 when omitted. Times are epoch seconds, as the API Reference's
 * examples show (`"CreationTime": 1710851216.613`). Errors (AccessDeniedException,
 * ResourceNotFoundException, ValidationException, ThrottlingException) are HTTP 400 with
 * `x-amzn-ErrorType` and a `Message`, as each action's Errors section lists them.
 */
import { AwsApiError } from '../protocol/errors';
import type { SandboxRoute53Profile, SandboxWorld } from '../world/types';

/** What a Route 53 Profiles action gets. */
export interface Route53ProfilesCallContext {
  world: SandboxWorld;
  accountId: string;
  region: string;
  /** The request path, e.g. `/profileassociations`. */
  path: string;
  query: URLSearchParams;
  pageSize?: number;
}

/** A Route 53 Profiles action: returns the JSON body. */
export type Route53ProfilesAction = (
  ctx: Route53ProfilesCallContext,
) => unknown;

const RESOURCE_ASSOCIATIONS_PATH =
  /^\/profileresourceassociations\/profileid\/([^/]+)$/;

/** The action a request names, from its method and path. */
export function route53ProfilesActionOf(
  method: string,
  path: string,
): string | undefined {
  if (method !== 'GET') return undefined;
  if (path === '/profileassociations') return 'ListProfileAssociations';
  if (RESOURCE_ASSOCIATIONS_PATH.test(path))
    return 'ListProfileResourceAssociations';
  return undefined;
}

/** A fixed creation time for the example world: 2026-11-02T09:00:00Z in epoch seconds. */
const CREATED = 1793610000;

/** Every Profile of the region, with the account that owns it. */
function profilesOf(
  world: SandboxWorld,
  region: string,
): Array<{ ownerId: string; profile: SandboxRoute53Profile }> {
  return Object.entries(world.accounts).flatMap(([ownerId, account]) =>
    (account.regions[region]?.route53Profiles ?? []).map(profile => ({
      ownerId,
      profile,
    })),
  );
}

function page<T>(
  items: T[],
  query: URLSearchParams,
  pageSize: number | undefined,
): { items: T[]; NextToken?: string } {
  const asked = query.get('maxResults');
  const max = asked === null ? 100 : Number(asked);
  if (!Number.isInteger(max) || max < 1 || max > 100)
    throw new AwsApiError(
      'ValidationException',
      `1 validation error detected: Value '${asked}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  const size = Math.min(max, pageSize ?? 100);
  const start = Number(query.get('nextToken') ?? 0);
  if (!Number.isInteger(start) || start < 0)
    throw new AwsApiError(
      'InvalidNextTokenException',
      'The NextToken you provided is not valid.',
    );
  const slice = items.slice(start, start + size);
  return {
    items: slice,
    NextToken: start + size < items.length ? String(start + size) : undefined,
  };
}

const listProfileAssociations: Route53ProfilesAction = ctx => {
  const resourceId = ctx.query.get('resourceId');
  const profileId = ctx.query.get('profileId');
  // The caller sees the associations it made (of its VPCs), and those of its own Profiles.
  const all = profilesOf(ctx.world, ctx.region).flatMap(
    ({ ownerId, profile }) =>
      profile.associations
        .filter(a => a.accountId === ctx.accountId || ownerId === ctx.accountId)
        .filter(a => !resourceId || a.vpcId === resourceId)
        .filter(() => !profileId || profile.id === profileId)
        .map(a => ({
          CreationTime: CREATED,
          Id: a.id,
          ModificationTime: CREATED,
          Name: a.name ?? `${profile.name}-${a.vpcId}`,
          OwnerId: a.accountId,
          ProfileId: profile.id,
          ResourceId: a.vpcId,
          Status: a.status ?? 'COMPLETE',
          StatusMessage:
            (a.status ?? 'COMPLETE') === 'COMPLETE'
              ? 'Created Profile Association'
              : `Profile Association ${a.status}`,
        })),
  );
  const { items, NextToken } = page(all, ctx.query, ctx.pageSize);
  return { NextToken, ProfileAssociations: items };
};

const listProfileResourceAssociations: Route53ProfilesAction = ctx => {
  const profileId = decodeURIComponent(
    RESOURCE_ASSOCIATIONS_PATH.exec(ctx.path)?.[1] ?? '',
  );
  const found = profilesOf(ctx.world, ctx.region).find(
    ({ profile }) => profile.id === profileId,
  );
  if (!found)
    throw new AwsApiError(
      'ResourceNotFoundException',
      `The Profile ${profileId} does not exist.`,
    );
  const { ownerId, profile } = found;
  if (
    ownerId !== ctx.accountId &&
    !(profile.sharedWith ?? []).includes(ctx.accountId)
  )
    throw new AwsApiError(
      'AccessDeniedException',
      `The Profile ${profileId} is not shared with account ${ctx.accountId}.`,
    );
  const resourceType = ctx.query.get('resourceType');
  const endpoints = (profile.vpcEndpoints ?? []).map(endpoint => ({
    CreationTime: CREATED,
    Id: `rpr-${endpoint.vpcEndpointId.slice(5, 22)}`,
    ModificationTime: CREATED,
    Name: endpoint.vpcEndpointId,
    OwnerId: ownerId,
    ProfileId: profile.id,
    ResourceArn: `arn:aws:ec2:${ctx.region}:${ownerId}:vpc-endpoint/${endpoint.vpcEndpointId}`,
    // Not named in the API Reference; the engine keys on the ARN.
    ResourceType: 'VPC_ENDPOINT',
    Status: endpoint.status ?? 'COMPLETE',
    StatusMessage: 'Completed creation of Profile to VPC endpoint association',
  }));
  const zones = profile.hostedZones.map(zone => ({
    CreationTime: CREATED,
    Id: `rpr-${zone.hostedZoneId.toLowerCase().slice(1, 18)}`,
    ModificationTime: CREATED,
    Name: zone.name ?? zone.hostedZoneId,
    OwnerId: ownerId,
    ProfileId: profile.id,
    ResourceArn: `arn:aws:route53:::hostedzone/${zone.hostedZoneId}`,
    // The engine keys on the ARN; the type string is as one public script filters it.
    ResourceType: 'PRIVATE_HOSTED_ZONE',
    Status: zone.status ?? 'COMPLETE',
    StatusMessage:
      (zone.status ?? 'COMPLETE') === 'COMPLETE'
        ? 'Completed creation of Profile to hosted zone association'
        : `Profile to hosted zone association ${zone.status}`,
  }));
  const all = [...zones, ...endpoints].filter(
    r => !resourceType || r.ResourceType === resourceType,
  );
  const { items, NextToken } = page(all, ctx.query, ctx.pageSize);
  return { NextToken, ProfileResourceAssociations: items };
};

/** Every Route 53 Profiles action the sandbox answers. */
export const ROUTE53_PROFILES_ACTIONS: Record<string, Route53ProfilesAction> = {
  ListProfileAssociations: listProfileAssociations,
  ListProfileResourceAssociations: listProfileResourceAssociations,
};
