/**
 * Route 53 Profiles reads: which Profile a VPC is associated with (ListProfileAssociations)
 * and which private hosted zones that Profile carries (ListProfileResourceAssociations).
 *
 * The AWS SDK for JavaScript publishes this API as `@aws-sdk/client-route53profiles`; the
 * registry this product is built from does not carry it, so this module is a small client of
 * its own for the two read actions, built from the SDK's parts: Smithy's SigV4 signer, the
 * same HTTP handler, retry strategy and pacing hook as the other clients. The wire format is
 * the service model's (`route53profiles-2018-05-10`, REST-JSON, signing name
 * `route53profiles`, regional endpoint `route53profiles.<region>.<dns suffix>`):
 * - `GET /profileassociations?resourceId=&profileId=&maxResults=&nextToken=`
 *   → `{ ProfileAssociations: [{ Id, ProfileId, ResourceId, OwnerId, Status, ... }], NextToken }`
 * - `GET /profileresourceassociations/profileid/{ProfileId}?resourceType=&maxResults=&nextToken=`
 *   → `{ ProfileResourceAssociations: [{ Id, ProfileId, ResourceArn, ResourceType, OwnerId, Status, ... }], NextToken }`
 * Errors carry their code in `x-amzn-ErrorType` (and `__type`/`code` in the body) and a
 * `Message`/`message`; the API Reference gives HTTP 400 for AccessDeniedException,
 * ThrottlingException, ValidationException and ResourceNotFoundException alike.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { regionDnsSuffix } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { HttpRequest } from '@smithy/core/protocols';
import {
  isServerError,
  isThrottlingError,
  isTransientError,
} from '@smithy/core/retry';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Checksum,
  RetryErrorType,
  RetryStrategyV2,
  SdkError,
  SourceData,
} from '@smithy/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HostedZone, ProfileEndpoint } from '../model';

/**
 * The two read actions the engine uses.
 *
 * @public
 */
export type Route53ProfilesAction =
  | 'ListProfileAssociations'
  | 'ListProfileResourceAssociations';

/** One association of a Profile with a VPC, as ListProfileAssociations answers. */
export interface ProfileAssociation {
  Id?: string;
  Name?: string;
  OwnerId?: string;
  ProfileId?: string;
  /** The VPC id. */
  ResourceId?: string;
  /** COMPLETE, CREATING, UPDATING, DELETING, DELETED, FAILED. */
  Status?: string;
  StatusMessage?: string;
}

/** One resource a Profile carries, as ListProfileResourceAssociations answers. */
export interface ProfileResourceAssociation {
  Id?: string;
  Name?: string;
  OwnerId?: string;
  ProfileId?: string;
  /** `arn:<partition>:route53:::hostedzone/Z...` for a private hosted zone. */
  ResourceArn?: string;
  ResourceType?: string;
  ResourceProperties?: string;
  Status?: string;
  StatusMessage?: string;
}

/** An error answer of Route 53 Profiles, shaped like the SDK's service exceptions. */
export class Route53ProfilesServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; attempts?: number };

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = code;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status };
  }
}

/** A 2xx answer whose body is not the JSON the service sends. */
export class Route53ProfilesMalformedResponse extends Error {
  override name = 'Route53ProfilesMalformedResponse';
}

/** SHA-256 (and HMAC-SHA-256 with a secret) for the signer, from node:crypto. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined
      ? createHash('sha256')
      : createHmac('sha256', toBuffer(this.secret));
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data))
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data as ArrayBuffer);
}

/**
 * Options of {@link Route53ProfilesClient}.
 *
 * @public
 */
export interface Route53ProfilesClientOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  /** Sends the signed request (the engine's content-checking NodeHttpHandler). */
  requestHandler: NodeHttpHandler;
  retryStrategy: RetryStrategyV2;
  /** Awaited before every attempt (retries included): the engine's pacing. */
  beforeAttempt?: (action: Route53ProfilesAction) => Promise<void>;
  /** The endpoint; default as the SDK resolves it (see `route53ProfilesEndpoint`). */
  endpoint?: string;
}

/**
 * Where the calls go, as the SDK would send them: `AWS_ENDPOINT_URL_ROUTE53PROFILES`, else
 * `AWS_ENDPOINT_URL` (the SDK's service-specific and global endpoint settings, ignored when
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true), else the regional endpoint.
 */
export function route53ProfilesEndpoint(
  region: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const ignore = /^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '');
  const configured = ignore
    ? undefined
    : env.AWS_ENDPOINT_URL_ROUTE53PROFILES || env.AWS_ENDPOINT_URL;
  return (
    configured ?? `https://route53profiles.${region}.${regionDnsSuffix(region)}`
  );
}

/**
 * How the retry strategy should treat an error; undefined: not retried. The SDK clients'
 * own classification (`@smithy/core/retry`), so a 500, 502, 503 or 504 is TRANSIENT and
 * retried as EC2's and ECS's are: the StandardRetryStrategy retries only THROTTLING and
 * TRANSIENT, never SERVER_ERROR.
 */
function retryErrorType(error: unknown): RetryErrorType | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as SdkError;
  if (isThrottlingError(e)) return 'THROTTLING';
  if (isTransientError(e)) return 'TRANSIENT';
  if (isServerError(e)) return 'SERVER_ERROR';
  return undefined;
}

async function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Records on an error how many attempts it took, as the SDK's `$metadata.attempts` does. */
function withAttempts(error: unknown, attempts: number): unknown {
  if (!error || typeof error !== 'object') return error;
  const e = error as { $metadata?: { attempts?: number } };
  e.$metadata = { ...e.$metadata, attempts };
  return error;
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * A client for the Route 53 Profiles read actions of one region.
 *
 * @public
 */
export class Route53ProfilesClient {
  readonly region: string;
  private readonly signer: SignatureV4;
  private readonly endpoint: URL;

  constructor(private readonly options: Route53ProfilesClientOptions) {
    this.region = options.region;
    this.endpoint = new URL(
      options.endpoint ?? route53ProfilesEndpoint(options.region),
    );
    this.signer = new SignatureV4({
      service: 'route53profiles',
      region: options.region,
      credentials: options.credentials,
      sha256: NodeSha256,
    });
  }

  /** Sends one GET of the API, with retries and pacing; resolves to the parsed JSON body. */
  async get(
    action: Route53ProfilesAction,
    path: string,
    query: Record<string, string | undefined>,
  ): Promise<Record<string, unknown>> {
    const retry = this.options.retryStrategy;
    let token = await retry.acquireInitialRetryToken('route53profiles');
    for (let attempts = 1; ; attempts++) {
      try {
        await this.options.beforeAttempt?.(action);
        const out = await this.attempt(path, query);
        retry.recordSuccess(token);
        return out;
      } catch (error) {
        const errorType = retryErrorType(error);
        let retryDelay: number | undefined;
        if (errorType) {
          try {
            token = await retry.refreshRetryTokenForRetry(token, { errorType });
            retryDelay = token.getRetryDelay();
          } catch {
            retryDelay = undefined; // out of attempts (or of retry quota)
          }
        }
        if (retryDelay === undefined) throw withAttempts(error, attempts);
        await sleep(retryDelay);
      }
    }
  }

  private async attempt(
    path: string,
    query: Record<string, string | undefined>,
  ): Promise<Record<string, unknown>> {
    const base = this.endpoint;
    const basePath = base.pathname.replace(/\/+$/, '');
    const definedQuery: Record<string, string> = {};
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) definedQuery[key] = value;
    const request = new HttpRequest({
      method: 'GET',
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port ? Number(base.port) : undefined,
      path: `${basePath}${path}`,
      query: definedQuery,
      headers: {
        host: base.host,
        accept: 'application/json',
        'user-agent': 'fargate-endpoints',
      },
    });
    const signed = new HttpRequest(await this.signer.sign(request));
    const { response } = await this.options.requestHandler.handle(signed);
    const text = await readBody(response.body);
    const status = response.statusCode;
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = undefined;
    }
    if (status >= 200 && status < 300) {
      if (!json || typeof json !== 'object')
        throw new Route53ProfilesMalformedResponse(
          `malformed response from Route 53 Profiles (HTTP ${status}, not JSON)`,
        );
      return json;
    }
    const header =
      response.headers['x-amzn-errortype'] ??
      response.headers['X-Amzn-ErrorType'];
    const code =
      (header ? header.split(':')[0] : undefined) ??
      (json?.__type as string | undefined)?.split('#').pop() ??
      (json?.code as string | undefined) ??
      (status >= 500 ? 'InternalServiceErrorException' : 'UnknownError');
    const message =
      (json?.Message as string | undefined) ??
      (json?.message as string | undefined) ??
      `HTTP ${status}`;
    throw new Route53ProfilesServiceError(code, message, status);
  }

  /** Closes the handler's sockets. */
  destroy(): void {
    this.options.requestHandler.destroy();
  }
}

/** The VPC's Profile associations (every one the account sees, without a VPC), every page. */
export async function listProfileAssociations(
  client: Route53ProfilesClient,
  vpcId?: string,
): Promise<ProfileAssociation[]> {
  const associations: ProfileAssociation[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const out = await client.get(
      'ListProfileAssociations',
      '/profileassociations',
      { resourceId: vpcId, maxResults: '100', nextToken },
    );
    if (!Array.isArray(out.ProfileAssociations))
      throw new Route53ProfilesMalformedResponse(
        'the ListProfileAssociations answer holds no ProfileAssociations list',
      );
    associations.push(...(out.ProfileAssociations as ProfileAssociation[]));
    nextToken = out.NextToken as string | undefined;
    if (!nextToken) return associations;
  }
  throw new Route53ProfilesMalformedResponse(
    `the Profile associations of ${vpcId} still had pages after 100; the answer keeps repeating`,
  );
}

/** The resources a Profile carries, every page. */
export async function listProfileResourceAssociations(
  client: Route53ProfilesClient,
  profileId: string,
): Promise<ProfileResourceAssociation[]> {
  const resources: ProfileResourceAssociation[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const out = await client.get(
      'ListProfileResourceAssociations',
      `/profileresourceassociations/profileid/${encodeURIComponent(profileId)}`,
      { maxResults: '100', nextToken },
    );
    if (!Array.isArray(out.ProfileResourceAssociations))
      throw new Route53ProfilesMalformedResponse(
        `the ListProfileResourceAssociations answer for ${profileId} holds no ProfileResourceAssociations list`,
      );
    resources.push(
      ...(out.ProfileResourceAssociations as ProfileResourceAssociation[]),
    );
    nextToken = out.NextToken as string | undefined;
    if (!nextToken) return resources;
  }
  throw new Route53ProfilesMalformedResponse(
    `the resources of ${profileId} still had pages after 100; the answer keeps repeating`,
  );
}

/** The endpoint id in an interface endpoint's ARN (`arn:aws:ec2:<region>:<account>:vpc-endpoint/vpce-...`). */
export function vpcEndpointIdOfArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:vpc-endpoint\/(vpce-[0-9a-f]+)$/.exec(
    arn,
  )?.[1];
}

/** The hosted zone id in a Route 53 hosted zone ARN (`arn:aws:route53:::hostedzone/Z123`). */
export function hostedZoneIdOfArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:route53:::hostedzone\/([A-Z0-9]+)$/i.exec(arn)?.[1];
}

/** Runs one read, marking an error it throws with the action that failed (`profilesCall`). */
async function step<T>(call: Route53ProfilesAction, read: () => Promise<T>) {
  try {
    return await read();
  } catch (error) {
    if (error && typeof error === 'object')
      (error as { profilesCall?: string }).profilesCall = call;
    throw error;
  }
}

/**
 * The private hosted zones the VPC gets through its Route 53 Profile: the Profile associated
 * with the VPC (a VPC has at most one; only a COMPLETE association is in effect), and the
 * hosted zones among the Profile's resources (by ARN; DNS Firewall rule groups and Resolver
 * rules are other resource types), and the interface endpoints it shares, whose private DNS
 * names then answer in the VPC (AWS Networking blog, "Streamlining multi-VPC DNS management
 * with Amazon Route 53 Profiles and interface VPC endpoint integration"). Only the zone's id is known here: its name and records
 * are readable by the account that owns it alone, so `name` is filled in from the records
 * where this account (or the hub role) can read them.
 */
export async function readProfileZones(
  client: Route53ProfilesClient,
  vpcId: string,
): Promise<{ zones: HostedZone[]; endpoints: ProfileEndpoint[] }> {
  const associations = await step('ListProfileAssociations', () =>
    listProfileAssociations(client, vpcId),
  );
  return profileZonesOf(vpcId, associations, profileId =>
    listProfileResourceAssociations(client, profileId),
  );
}

/**
 * The Profile zones and endpoints of one VPC from Profile associations already listed (those
 * of the VPC, or every one the account sees), reading each associated Profile's resources
 * with `resourcesOf` (which a caller reading many VPCs may share between them).
 */
export async function profileZonesOf(
  vpcId: string,
  allAssociations: ProfileAssociation[],
  resourcesOf: (profileId: string) => Promise<ProfileResourceAssociation[]>,
): Promise<{ zones: HostedZone[]; endpoints: ProfileEndpoint[] }> {
  const associations = allAssociations.filter(
    a => a.ResourceId === vpcId && a.ProfileId && a.Status === 'COMPLETE',
  );
  const zones: HostedZone[] = [];
  const endpoints: ProfileEndpoint[] = [];
  for (const association of associations) {
    const resources = await step('ListProfileResourceAssociations', () =>
      resourcesOf(association.ProfileId!),
    );
    for (const resource of resources) {
      // COMPLETE, or UPDATING an association already in effect; one still CREATING is not
      // answering yet, and DELETING, DELETED and FAILED ones no longer (or never) do.
      if (!['COMPLETE', 'UPDATING'].includes(resource.Status ?? '')) continue;
      const endpointId = resource.ResourceArn
        ? vpcEndpointIdOfArn(resource.ResourceArn)
        : undefined;
      if (endpointId) {
        endpoints.push({
          endpointId,
          ownerAccountId: resource.OwnerId,
          profileId: association.ProfileId!,
        });
        continue;
      }
      const id = resource.ResourceArn
        ? hostedZoneIdOfArn(resource.ResourceArn)
        : undefined;
      if (!id) continue;
      zones.push({
        id,
        ownerAccountId: resource.OwnerId,
        via: 'profile',
        profileId: association.ProfileId,
      });
    }
  }
  return { zones, endpoints };
}
