/**
 * SDK clients for one account and region, configured for a read-only checker: the SDK's
 * standard retry strategy (exponential backoff with full jitter, throttling-aware), a hard
 * per-request timeout, and no hand-set endpoint, so that the SDK's own endpoint settings
 * (AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL, profile `services`) decide
 * where the calls go.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EFSClient } from '@aws-sdk/client-efs';
import { Route53Client } from '@aws-sdk/client-route-53';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
} from '@aws-sdk/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  ConfiguredRetryStrategy,
  MAXIMUM_RETRY_DELAY,
  StandardRetryStrategy,
} from '@smithy/util-retry';
import type { RetryStrategyV2 } from '@smithy/types';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../defaults';
import { ActionGroupPacer, limiterKey, paceClientAttempts } from './limiter';
import { actionGroupOf } from './actionGroups';
import { Route53ProfilesClient } from './route53Profiles';

/**
 * The clients of one account and region.
 *
 * @public
 */
export interface AwsClients {
  region: string;
  ec2: EC2Client;
  ecs: ECSClient;
  /** Private hosted zones of the VPC (hub endpoints); global, signed for the partition's home region. */
  route53?: Route53Client;
  /** The zones a Route 53 Profile brings the VPC (hub endpoints); regional. */
  route53Profiles?: Route53ProfilesClient;
  /** EFS mount targets of the file systems task definitions mount. */
  efs?: EFSClient;
  /** ECR pull-through cache rules and cached images. */
  ecr?: ECRClient;
}

/**
 * Options of {@link createAwsClients}.
 *
 * @public
 */
export interface AwsClientsOptions {
  region: string;
  /** Credentials or a provider; the SDK's default chain when omitted. */
  credentials?: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  /** Attempts per call, the first included (default `DEFAULT_MAX_ATTEMPTS`). */
  maxAttempts?: number;
  /** Time allowed for one attempt, from request to full response (default `DEFAULT_REQUEST_TIMEOUT_MS`). */
  requestTimeoutMs?: number;
  /** Time allowed to open the connection (default: the smaller of `DEFAULT_CONNECTION_TIMEOUT_MS` and the request timeout). */
  connectionTimeoutMs?: number;
  /**
   * Base of the jittered exponential backoff between attempts. Omit it in production: the
   * SDK's standard strategy then waits longer after throttling than after other errors.
   * Tests set it low so that retries do not take seconds.
   */
  retryBaseDelayMs?: number;
  /**
   * Paces every attempt of every client (EC2, ECS, Route 53, EFS, ECR), each call in its
   * action group's bucket: per account and region, and per account alone for Route 53,
   * which AWS throttles globally. Retries and pages take a token each.
   */
  pacer?: ActionGroupPacer;
  /** The account the credentials belong to, for the pacers' key; `default` when omitted. */
  accountId?: string;
}

/** What each service answers with (EC2 Query, Route 53 REST-XML: XML; ECS, ECR: AWS JSON 1.1; EFS: REST-JSON). */
const EXPECTED_CONTENT_TYPE = {
  ec2: /\b(text|application)\/xml\b/i,
  ecs: /\bapplication\/(x-amz-json-1\.[01]|json)\b/i,
  route53: /\b(text|application)\/xml\b/i,
  route53profiles: /\bapplication\/json\b/i,
  efs: /\bapplication\/(x-amz-json-1\.[01]|json)\b/i,
  ecr: /\bapplication\/(x-amz-json-1\.[01]|json)\b/i,
};

/** A 2xx answer that is not the service's own (an HTML page from a proxy, a captive portal). */
export class UnexpectedContentTypeError extends Error {
  override name = 'UnexpectedContentTypeError';
}

/**
 * The SDK parses whatever a 200 carries: an HTML page parsed as EC2 XML reads as an empty
 * answer, which would pass as "no endpoints". This handler refuses a successful answer that
 * is not XML (EC2) or JSON (ECS), so it becomes a malformed response, never an empty one.
 */
class ContentCheckingHttpHandler extends NodeHttpHandler {
  constructor(
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly expected: RegExp,
    private readonly service: string,
  ) {
    super(options);
  }

  override async handle(
    ...args: Parameters<NodeHttpHandler['handle']>
  ): ReturnType<NodeHttpHandler['handle']> {
    const out = await super.handle(...args);
    const { statusCode, headers } = out.response;
    const type = headers['content-type'] ?? headers['Content-Type'];
    if (
      statusCode >= 200 &&
      statusCode < 300 &&
      type &&
      !this.expected.test(type)
    ) {
      (out.response.body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new UnexpectedContentTypeError(
        `malformed response: HTTP ${statusCode} with content-type ${type}, not what ${this.service} answers with`,
      );
    }
    return out;
  }
}

function retryStrategy(
  maxAttempts: number,
  baseDelayMs?: number,
): RetryStrategyV2 {
  if (baseDelayMs === undefined) return new StandardRetryStrategy(maxAttempts);
  // Same shape as the SDK's default backoff (full jitter, capped), with a chosen base.
  return new ConfiguredRetryStrategy(maxAttempts, (attempt: number) =>
    Math.floor(
      Math.random() * Math.min(baseDelayMs * 2 ** attempt, MAXIMUM_RETRY_DELAY),
    ),
  );
}

/**
 * Builds EC2 and ECS clients for one region. Never pass an endpoint here: the standard SDK
 * settings reach the clients, so any EC2/ECS-compatible endpoint can stand in for AWS.
 *
 * @public
 */
export function createAwsClients(options: AwsClientsOptions): AwsClients {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const connectionTimeout =
    options.connectionTimeoutMs ??
    Math.min(DEFAULT_CONNECTION_TIMEOUT_MS, requestTimeout);
  const config = (service: keyof typeof EXPECTED_CONTENT_TYPE) => ({
    region: options.region,
    credentials: options.credentials,
    retryStrategy: retryStrategy(maxAttempts, options.retryBaseDelayMs),
    requestHandler: new ContentCheckingHttpHandler(
      {
        requestTimeout,
        connectionTimeout,
        // Without this the handler only logs a warning when the request timeout passes.
        throwOnRequestTimeout: true,
      },
      EXPECTED_CONTENT_TYPE[service],
      service.toUpperCase(),
    ),
    customUserAgent: 'fargate-endpoints',
  });
  const key = limiterKey(options.region, options.accountId);
  const ec2 = new EC2Client(config('ec2'));
  const ecs = new ECSClient(config('ecs'));
  // Route 53 is global: the SDK resolves any region of a partition to its one endpoint.
  const route53 = new Route53Client(config('route53'));
  // Route 53 Profiles has no SDK client on the registry: the engine's own, on the same
  // handler, retry strategy and credentials (the EC2 client's resolved chain when none given).
  const profilesConfig = config('route53profiles');
  const route53Profiles = new Route53ProfilesClient({
    region: options.region,
    credentials: options.credentials ?? ec2.config.credentials,
    requestHandler: profilesConfig.requestHandler,
    retryStrategy: profilesConfig.retryStrategy,
    beforeAttempt: options.pacer
      ? action =>
          options.pacer!.take(key, actionGroupOf('route53profiles', action))
      : undefined,
  });
  const efs = new EFSClient(config('efs'));
  const ecr = new ECRClient(config('ecr'));
  if (options.pacer) {
    paceClientAttempts(ec2, options.pacer, key, 'ec2');
    paceClientAttempts(ecs, options.pacer, key, 'ecs');
    // Route 53 throttles per account, every region drawing on one bucket.
    const globalKey = limiterKey('global', options.accountId);
    paceClientAttempts(route53, options.pacer, globalKey, 'route53');
    paceClientAttempts(efs, options.pacer, key, 'efs');
    paceClientAttempts(ecr, options.pacer, key, 'ecr');
  }
  return {
    region: options.region,
    ec2,
    ecs,
    route53,
    route53Profiles,
    efs,
    ecr,
  };
}

/**
 * Closes the clients' sockets so that a short-lived process (the CLI) can exit at once.
 *
 * @public
 */
export function destroyAwsClients(clients: AwsClients): void {
  clients.ec2.destroy();
  clients.ecs.destroy();
  clients.route53?.destroy();
  clients.route53Profiles?.destroy();
  clients.efs?.destroy();
  clients.ecr?.destroy();
}
