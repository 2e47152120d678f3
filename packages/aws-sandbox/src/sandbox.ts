import { EC2_ACTIONS, regionData } from './ec2/actions';
import { ECR_ACTIONS, ECR_TARGET_PREFIX } from './ecr/actions';
import { EFS_ACTIONS, efsActionOf } from './efs/actions';
import {
  ROUTE53_PROFILES_ACTIONS,
  route53ProfilesActionOf,
} from './route53profiles/actions';
import {
  ROUTE53_ACTIONS,
  route53ActionOf,
  route53EmptyDocument,
  route53ErrorDocument,
} from './route53/actions';
import { ECS_ACTIONS } from './ecs/actions';
import { FaultKind, FaultPlan, FaultRule, SandboxService } from './faults';
import { AwsApiError } from './protocol/errors';
import { QueryParams } from './protocol/query';
import {
  ec2ErrorDocument,
  ec2ResponseDocument,
  element,
  escapeXml,
} from './protocol/xml';
import { STS_ACTIONS, STS_NAMESPACE } from './sts/actions';
import {
  ThrottleGroup,
  throttleGroupOf,
  throttleKey,
  throttlePolicy,
  ThrottleSetting,
  TokenBuckets,
} from './throttle';
import type { SandboxWorld } from './world/types';

/** An HTTP request as the sandbox sees it (from msw, node:http or a test). */
export interface SandboxRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined> | Headers;
  body: string;
}

/** The sandbox's HTTP answer. */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One call the sandbox received, for assertions and benchmarks. */
export interface SandboxCall {
  service: SandboxService;
  action: string;
  region: string;
  accountId: string;
  /** The `vpc-id` filter (or VpcId parameter) of an EC2 call, if it had one. */
  vpcId?: string;
  /** HTTP status answered; 0 while pending or when the call hung until aborted. */
  status: number;
  /** The error code answered, if any (`RequestLimitExceeded`, `ThrottlingException`...). */
  errorCode?: string;
  /** The injected fault, or `throttled` when the token bucket refused the call. */
  fault?: FaultKind | 'throttled';
  /** The throttle bucket (action group) the call draws on, per account and region. */
  throttleGroup: ThrottleGroup;
  /** Epoch milliseconds when the call arrived. */
  time: number;
  durationMs: number;
}

/** Options of {@link AwsSandbox}. */
export interface AwsSandboxOptions {
  /** Caps every page of every paginated action, so tests see multi-page reads. */
  pageSize?: number;
  /** Added delay per call, in milliseconds (or computed per call). */
  latencyMs?:
    | number
    | ((call: {
        service: SandboxService;
        action: string;
        region: string;
      }) => number);
  /**
   * Token buckets per action group, account and region, as AWS documents them (see
   * `throttle.ts`) unless told otherwise; when a bucket is empty the call is throttled at
   * once. `false` turns throttling off.
   */
  throttle?: ThrottleSetting;
  /** Injected faults; replace them later with `setFaults`. */
  faults?: FaultRule[];
  /** Clock for the token buckets (tests pass a fake one). */
  now?: () => number;
}

/** Thrown by `handle` when a hanging or delayed call is cut off by its abort signal or by `close()`. */
export class SandboxCallAbortedError extends Error {
  constructor(reason: 'aborted' | 'closed') {
    super(
      reason === 'closed'
        ? 'The AWS sandbox was closed'
        : 'The request was aborted',
    );
    this.name = 'SandboxCallAbortedError';
  }
}

const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const SIGV4_SCOPE =
  /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;
const SERVICE_HOST =
  /^(ec2|ecs|sts|elasticfilesystem|route53profiles|api\.ecr)\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com/;
const ROUTE53_HOST = /^route53\.amazonaws\.com(\.cn)?(:\d+)?$/;
const ROUTE53_PATH = /^\/2013-04-01\/(.*)$/;
const EFS_PATH = /^\/2015-02-01\/(.*)$/;

interface IdentifiedCall {
  service: SandboxService;
  action: string;
  region: string;
  accessKeyId?: string;
  params?: QueryParams;
  input?: Record<string, unknown>;
  /** REST services (Route 53, EFS): the path after the API version, and the query. */
  path?: string;
  query?: URLSearchParams;
}

function headerMap(headers: SandboxRequest['headers']): Record<string, string> {
  const map: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((value, key) => {
      map[key.toLowerCase()] = value;
    });
    return map;
  }
  for (const [key, value] of Object.entries(
    headers as Record<string, string | string[] | undefined>,
  )) {
    if (value !== undefined)
      map[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return map;
}

function hostOf(url: string, headers: Record<string, string>): string {
  if (headers.host) return headers.host;
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * A fake AWS answering EC2 (Query), ECS (JSON 1.1) and a little STS from a {@link SandboxWorld}.
 * It reads the region from the SigV4 credential scope (or the host), the account from the
 * access key id, and never checks signatures. Wrap it with `createAwsMswHandlers` for tests
 * or `startSandboxServer` for a real port.
 */
export class AwsSandbox {
  /** Every call received since the last `resetCalls()`, in arrival order. */
  readonly calls: SandboxCall[] = [];
  private readonly faults: FaultPlan;
  private buckets?: TokenBuckets;
  private readonly issuedKeys = new Map<string, string>();
  private readonly pending = new Set<(error: Error) => void>();
  private requestCounter = 0;
  private closed = false;

  constructor(
    /** The world answered from; plain data that tests may change between calls. */
    public world: SandboxWorld,
    private readonly options: AwsSandboxOptions = {},
  ) {
    this.faults = new FaultPlan(options.faults);
    this.setThrottle(options.throttle);
  }

  /** Replaces the fault rules (counters restart). */
  setFaults(rules: FaultRule[]): void {
    this.faults.set(rules);
  }

  /**
   * Sets the throttling with fresh, full buckets: AWS's documented buckets when undefined,
   * none when `false`.
   */
  setThrottle(throttle: ThrottleSetting | undefined): void {
    const policy = throttlePolicy(throttle);
    this.buckets = policy
      ? new TokenBuckets(policy, this.options.now)
      : undefined;
  }

  /** Refills every bucket to its burst, keeping the policy (a test starts rested). */
  restThrottle(): void {
    this.buckets?.rest();
  }

  /** Changes the page size cap (undefined: pages as large as the caller asks). */
  setPageSize(pageSize: number | undefined): void {
    this.options.pageSize = pageSize;
  }

  /** Changes the per-call latency. */
  setLatency(latencyMs: AwsSandboxOptions['latencyMs']): void {
    this.options.latencyMs = latencyMs;
  }

  /** Forgets the call log. */
  resetCalls(): void {
    this.calls.length = 0;
  }

  /** How many calls match: by action, service, VPC, region or account. */
  countCalls(
    match: Partial<
      Pick<
        SandboxCall,
        | 'action'
        | 'service'
        | 'vpcId'
        | 'region'
        | 'accountId'
        | 'throttleGroup'
      >
    > = {},
  ): number {
    return this.calls.filter(call =>
      Object.entries(match).every(
        ([key, value]) => call[key as keyof SandboxCall] === value,
      ),
    ).length;
  }

  /** Calls per action, e.g. `{ DescribeSubnets: 3 }`. */
  callsPerAction(): Record<string, number> {
    return this.tally(call => call.action);
  }

  /** EC2 calls per `vpc-id` filter; calls without one are not counted. */
  callsPerVpc(): Record<string, number> {
    return this.tally(call => call.vpcId);
  }

  private tally(
    key: (call: SandboxCall) => string | undefined,
  ): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) {
      const k = key(call);
      if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
    }
    return counts;
  }

  /**
   * Ends every hanging or delayed call (their `handle` promises reject with
   * {@link SandboxCallAbortedError}) and refuses new ones.
   */
  close(): void {
    this.closed = true;
    for (const cancel of [...this.pending])
      cancel(new SandboxCallAbortedError('closed'));
    this.pending.clear();
  }

  /** Answers one HTTP request. Rejects only when the call is aborted or the sandbox closed. */
  async handle(
    request: SandboxRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<SandboxResponse> {
    if (this.closed) throw new SandboxCallAbortedError('closed');
    const requestId = this.nextRequestId();
    const headers = headerMap(request.headers);
    let identified: IdentifiedCall;
    try {
      identified = this.identify(request, headers);
    } catch (error) {
      return this.unidentifiedError(error, requestId);
    }
    const accountId = this.accountOf(identified.accessKeyId);
    const call: SandboxCall = {
      service: identified.service,
      action: identified.action,
      region: identified.region,
      accountId,
      vpcId: identified.params
        ? vpcIdOf(identified.params)
        : identified.query?.get('vpcid') ?? undefined,
      throttleGroup: throttleGroupOf(
        identified.service,
        identified.action,
        identified.params
          ? { narrowed: isNarrowed(identified.params) }
          : undefined,
      ),
      status: 0,
      time: Date.now(),
      durationMs: 0,
    };
    this.calls.push(call);
    const started = performance.now();
    try {
      const response = await this.answer(
        identified,
        accountId,
        requestId,
        call,
        options.signal,
      );
      call.status = response.status;
      return response;
    } finally {
      call.durationMs = performance.now() - started;
    }
  }

  private async answer(
    identified: IdentifiedCall,
    accountId: string,
    requestId: string,
    call: SandboxCall,
    signal?: AbortSignal,
  ): Promise<SandboxResponse> {
    const latency =
      typeof this.options.latencyMs === 'function'
        ? this.options.latencyMs(identified)
        : this.options.latencyMs ?? 0;
    if (latency > 0) await this.wait(latency, signal);

    if (
      this.buckets &&
      !this.buckets.take(
        call.throttleGroup,
        throttleKey(call.throttleGroup, accountId, identified.region),
      )
    ) {
      call.fault = 'throttled';
      return this.errorResponse(
        identified,
        faultError('throttle', identified, accountId),
        requestId,
        call,
      );
    }
    const fault = this.faults.next(identified);
    if (fault) call.fault = fault;
    if (fault === 'hang') {
      await this.wait(Infinity, signal);
      throw new SandboxCallAbortedError('aborted');
    }
    if (fault === 'malformed') return malformedResponse(identified, requestId);
    if (fault === 'empty') return emptyResponse(identified, requestId);
    if (fault === 'html') return htmlResponse(requestId);
    if (fault) {
      return this.errorResponse(
        identified,
        faultError(fault, identified, accountId),
        requestId,
        call,
      );
    }
    try {
      return this.dispatch(identified, accountId, requestId);
    } catch (error) {
      if (error instanceof AwsApiError)
        return this.errorResponse(identified, error, requestId, call);
      return this.errorResponse(
        identified,
        new AwsApiError(
          identified.service === 'ecs' ? 'ServerException' : 'InternalError',
          `The sandbox failed: ${(error as Error).message}`,
          500,
        ),
        requestId,
        call,
      );
    }
  }

  private dispatch(
    identified: IdentifiedCall,
    accountId: string,
    requestId: string,
  ): SandboxResponse {
    const base = {
      world: this.world,
      accountId,
      region: identified.region,
      pageSize: this.options.pageSize,
    };
    if (identified.service === 'route53') {
      const action = ROUTE53_ACTIONS[identified.action]!;
      return xmlResponse(
        200,
        action({
          world: this.world,
          accountId,
          path: identified.path ?? '',
          query: identified.query ?? new URLSearchParams(),
          pageSize: this.options.pageSize,
        }),
        requestId,
      );
    }
    if (identified.service === 'route53profiles') {
      const action = ROUTE53_PROFILES_ACTIONS[identified.action]!;
      return restJsonResponse(
        200,
        action({
          world: this.world,
          accountId,
          region: identified.region,
          path: identified.path ?? '',
          query: identified.query ?? new URLSearchParams(),
          pageSize: this.options.pageSize,
        }),
        requestId,
      );
    }
    if (identified.service === 'efs') {
      const action = EFS_ACTIONS[identified.action]!;
      return restJsonResponse(
        200,
        action({
          region: regionData(base),
          regionName: identified.region,
          accountId,
          path: identified.path ?? '',
          query: identified.query ?? new URLSearchParams(),
          pageSize: this.options.pageSize,
        }),
        requestId,
      );
    }
    if (identified.service === 'ecr') {
      const action = ECR_ACTIONS[identified.action];
      if (!action)
        throw new AwsApiError(
          'UnknownOperationException',
          `Unknown operation ${identified.action}`,
        );
      return jsonResponse(
        200,
        action({
          region: regionData(base),
          regionName: identified.region,
          accountId,
          input: identified.input ?? {},
          registry: registryId =>
            regionData({ ...base, accountId: registryId }),
        }),
        requestId,
      );
    }
    if (identified.service === 'ecs') {
      const action = ECS_ACTIONS[identified.action];
      if (!action)
        throw new AwsApiError(
          'UnknownOperationException',
          `Unknown operation ${identified.action}`,
        );
      const body = action({ ...base, input: identified.input ?? {} });
      return jsonResponse(200, body, requestId);
    }
    if (identified.service === 'sts') {
      const action = STS_ACTIONS[identified.action];
      if (!action) throw invalidAction(identified.action);
      const result = action({
        accountId,
        accessKeyId: identified.accessKeyId,
        params: identified.params!,
        issueKey: (key, account) => this.issuedKeys.set(key, account),
      });
      return xmlResponse(
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<${
          identified.action
        }Response xmlns="${STS_NAMESPACE}">${element(
          `${identified.action}Result`,
          result,
        )}<ResponseMetadata>${element(
          'RequestId',
          requestId,
        )}</ResponseMetadata></${identified.action}Response>`,
        requestId,
      );
    }
    const action = EC2_ACTIONS[identified.action];
    if (!action) throw invalidAction(identified.action);
    const body = action({ ...base, params: identified.params! });
    return xmlResponse(
      200,
      ec2ResponseDocument(identified.action, requestId, body),
      requestId,
    );
  }

  private identify(
    request: SandboxRequest,
    headers: Record<string, string>,
  ): IdentifiedCall {
    const scope = SIGV4_SCOPE.exec(headers.authorization ?? '');
    const serviceHost = SERVICE_HOST.exec(hostOf(request.url, headers));
    const region = scope?.[2] ?? serviceHost?.[2] ?? 'us-east-1';
    const accessKeyId = scope?.[1];
    const target = headers['x-amz-target'];
    const url = new URL(request.url, 'http://sandbox');
    const host = hostOf(request.url, headers);
    if (scope?.[3] === 'route53' || ROUTE53_HOST.test(host)) {
      const path = ROUTE53_PATH.exec(url.pathname)?.[1] ?? '';
      const action = route53ActionOf(request.method.toUpperCase(), path);
      if (!action)
        throw Object.assign(
          new AwsApiError(
            'InvalidAction',
            `The sandbox does not serve ${request.method} ${url.pathname}`,
          ),
          { service: 'route53' },
        );
      return {
        service: 'route53',
        action,
        region,
        accessKeyId,
        path,
        query: url.searchParams,
      };
    }
    if (
      scope?.[3] === 'route53profiles' ||
      host.startsWith('route53profiles.')
    ) {
      const action = route53ProfilesActionOf(
        request.method.toUpperCase(),
        url.pathname,
      );
      if (!action)
        throw Object.assign(
          new AwsApiError(
            'ValidationException',
            `The sandbox does not serve ${request.method} ${url.pathname}`,
          ),
          { service: 'route53profiles' },
        );
      return {
        service: 'route53profiles',
        action,
        region,
        accessKeyId,
        path: url.pathname,
        query: url.searchParams,
      };
    }
    if (
      scope?.[3] === 'elasticfilesystem' ||
      host.startsWith('elasticfilesystem.')
    ) {
      const path = EFS_PATH.exec(url.pathname)?.[1] ?? '';
      const action = efsActionOf(request.method.toUpperCase(), path);
      if (!action)
        throw Object.assign(
          new AwsApiError(
            'BadRequest',
            `The sandbox does not serve ${request.method} ${url.pathname}`,
          ),
          { service: 'efs' },
        );
      return {
        service: 'efs',
        action,
        region,
        accessKeyId,
        path,
        query: url.searchParams,
      };
    }
    if (target?.startsWith(ECR_TARGET_PREFIX)) {
      let input: Record<string, unknown> = {};
      try {
        input = request.body ? JSON.parse(request.body) : {};
      } catch {
        throw Object.assign(
          new AwsApiError('SerializationException', 'Malformed JSON'),
          { service: 'ecr' },
        );
      }
      return {
        service: 'ecr',
        action: target.slice(ECR_TARGET_PREFIX.length),
        region,
        accessKeyId,
        input,
      };
    }
    if (target?.startsWith(ECS_TARGET_PREFIX)) {
      let input: Record<string, unknown>;
      try {
        input = request.body ? JSON.parse(request.body) : {};
      } catch {
        throw Object.assign(
          new AwsApiError(
            'SerializationException',
            'Start of structure or map found where not expected.',
          ),
          {
            service: 'ecs',
          },
        );
      }
      return {
        service: 'ecs',
        action: target.slice(ECS_TARGET_PREFIX.length),
        region,
        accessKeyId,
        input,
      };
    }
    const query = url.search.slice(1);
    const params = new QueryParams(
      [request.body, query].filter(Boolean).join('&'),
    );
    const action = params.get('Action');
    if (!action)
      throw new AwsApiError(
        'MissingAction',
        'The request must contain the parameter Action',
      );
    const isSts =
      scope?.[3] === 'sts' ||
      serviceHost?.[1] === 'sts' ||
      params.get('Version') === '2011-06-15';
    return {
      service: isSts ? 'sts' : 'ec2',
      action,
      region,
      accessKeyId,
      params,
    };
  }

  private accountOf(accessKeyId: string | undefined): string {
    if (!accessKeyId) return this.world.defaultAccountId;
    return (
      this.issuedKeys.get(accessKeyId) ??
      this.world.accessKeys[accessKeyId] ??
      this.world.defaultAccountId
    );
  }

  private errorResponse(
    identified: Pick<IdentifiedCall, 'service'>,
    error: AwsApiError,
    requestId: string,
    call?: SandboxCall,
  ): SandboxResponse {
    if (call) call.errorCode = error.code;
    if (identified.service === 'route53') {
      return xmlResponse(
        error.status,
        route53ErrorDocument(
          error.code,
          error.message,
          error.status,
          requestId,
        ),
        requestId,
      );
    }
    if (identified.service === 'route53profiles') {
      const response = restJsonResponse(
        error.status,
        { Message: error.message },
        requestId,
      );
      response.headers['x-amzn-errortype'] = error.code;
      return response;
    }
    if (identified.service === 'efs') {
      const response = restJsonResponse(
        error.status,
        { ErrorCode: error.code, Message: error.message },
        requestId,
      );
      response.headers['x-amzn-errortype'] = error.code;
      return response;
    }
    if (identified.service === 'ecs' || identified.service === 'ecr') {
      return jsonResponse(
        error.status,
        { __type: error.code, message: error.message },
        requestId,
      );
    }
    if (identified.service === 'sts') {
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
    }
    return xmlResponse(
      error.status,
      ec2ErrorDocument(error.code, error.message, requestId),
      requestId,
    );
  }

  private unidentifiedError(
    error: unknown,
    requestId: string,
  ): SandboxResponse {
    const apiError =
      error instanceof AwsApiError
        ? error
        : new AwsApiError('InternalError', String(error), 500);
    const service = (error as { service?: SandboxService }).service ?? 'ec2';
    return this.errorResponse({ service }, apiError, requestId);
  }

  /** Waits `ms` (forever for Infinity) unless aborted or closed, without holding the process open when forever. */
  private wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort = () => {};
      const cancel = (error: Error) => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(cancel);
        reject(error);
      };
      onAbort = () => cancel(new SandboxCallAbortedError('aborted'));
      if (signal?.aborted) {
        reject(new SandboxCallAbortedError('aborted'));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.add(cancel);
      if (Number.isFinite(ms)) {
        timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          this.pending.delete(cancel);
          resolve();
        }, ms);
      }
    });
  }

  private nextRequestId(): string {
    this.requestCounter += 1;
    return `5a4d0b1e-0000-4000-8000-${this.requestCounter
      .toString(16)
      .padStart(12, '0')}`;
  }
}

function invalidAction(action: string): AwsApiError {
  return new AwsApiError(
    'InvalidAction',
    `The action ${action} is not valid for this web service.`,
  );
}

/** True when an EC2 call filters, names ids or pages: not "unfiltered and unpaginated". */
function isNarrowed(params: QueryParams): boolean {
  for (const key of params.params.keys()) {
    if (
      key === 'MaxResults' ||
      key === 'NextToken' ||
      /^Filter\.\d+\.Name$/.test(key) ||
      /Id\.\d+$/.test(key)
    )
      return true;
  }
  return false;
}

function vpcIdOf(params: QueryParams): string | undefined {
  const filter = params.filters().find(f => f.name === 'vpc-id');
  return filter?.values[0] ?? params.get('VpcId') ?? params.list('VpcId')[0];
}

/** The error real AWS gives for a fault, per service. */
function faultError(
  kind: Exclude<FaultKind, 'hang' | 'malformed' | 'empty' | 'html'>,
  call: IdentifiedCall,
  accountId: string,
): AwsApiError {
  const principal = `arn:aws:sts::${accountId}:assumed-role/fargate-endpoints-reader/sandbox`;
  const permission = `${
    call.service === 'efs' ? 'elasticfilesystem' : call.service
  }:${call.action}`;
  if (call.service === 'route53') {
    // Route 53 API Reference, "Common errors" and each action's Errors: Throttling (400),
    // AccessDenied (403); a server fault is InternalFailure (500).
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
      `User: ${principal} is not authorized to perform: ${permission}`,
      403,
    );
  }
  if (call.service === 'route53profiles') {
    // Route 53 Profiles API Reference, each action's Errors: ThrottlingException,
    // AccessDeniedException, all HTTP 400; InternalServiceErrorException for a server fault.
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
      `User: ${principal} is not authorized to perform: ${permission} because no identity-based policy allows the ${permission} action`,
      400,
    );
  }
  if (call.service === 'efs') {
    // EFS API Reference, "Errors": ThrottlingException (429), InternalServerError (500);
    // an IAM refusal is AccessDeniedException (403), as the common errors name it.
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
      `User: ${principal} is not authorized to perform: ${permission} on resource: *`,
      403,
    );
  }
  if (call.service === 'ecs' || call.service === 'ecr') {
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
      `User: ${principal} is not authorized to perform: ${permission} on resource: * because no identity-based policy allows the ${permission} action`,
      403,
    );
  }
  if (call.service === 'sts') {
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
      `User: ${principal} is not authorized to perform: ${permission}`,
      403,
    );
  }
  if (kind === 'throttle')
    return new AwsApiError(
      'RequestLimitExceeded',
      'Request limit exceeded.',
      503,
    );
  if (kind === 'server-error')
    return new AwsApiError(
      'InternalError',
      'An internal error has occurred',
      500,
    );
  return new AwsApiError(
    'UnauthorizedOperation',
    `You are not authorized to perform this operation. User: ${principal} is not authorized to perform: ${permission} because no identity-based policy allows the ${permission} action`,
    403,
  );
}

/** A well-formed answer that holds nothing. */
function emptyResponse(
  call: IdentifiedCall,
  requestId: string,
): SandboxResponse {
  if (call.service === 'ecs' || call.service === 'ecr')
    return jsonResponse(200, {}, requestId);
  if (call.service === 'efs' || call.service === 'route53profiles')
    return restJsonResponse(200, {}, requestId);
  if (call.service === 'route53')
    return xmlResponse(200, route53EmptyDocument(call.action), requestId);
  return xmlResponse(
    200,
    ec2ResponseDocument(call.action, requestId, {}),
    requestId,
  );
}

/** An HTML page where an API answer was due. */
function htmlResponse(requestId: string): SandboxResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'x-amzn-requestid': requestId,
    },
    body: '<!DOCTYPE html><html><head><title>Proxy</title></head><body><h1>Access to this site is restricted</h1></body></html>',
  };
}

/** A 200 whose body is cut off mid-document, as from a broken proxy. */
function malformedResponse(
  call: IdentifiedCall,
  requestId: string,
): SandboxResponse {
  if (
    call.service === 'ecs' ||
    call.service === 'ecr' ||
    call.service === 'efs' ||
    call.service === 'route53profiles'
  ) {
    return {
      status: 200,
      headers:
        call.service === 'efs' || call.service === 'route53profiles'
          ? restJsonHeaders(requestId)
          : jsonHeaders(requestId),
      body: '{"services":[{"serviceArn":"arn:aws:ecs:',
    };
  }
  if (call.service === 'route53') {
    return {
      status: 200,
      headers: xmlHeaders(requestId),
      body: `<?xml version="1.0"?>\n<${call.action}Response xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZoneSummaries><HostedZoneSummary><HostedZoneId>Z0`,
    };
  }
  return {
    status: 200,
    headers: xmlHeaders(requestId),
    body: `<${call.action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${requestId}</requestId><item><unterminated`,
  };
}

function xmlHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'text/xml;charset=UTF-8',
    'x-amzn-requestid': requestId,
  };
}

function jsonHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
  };
}

/** EFS (REST-JSON) answers `application/json`. */
function restJsonHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
  };
}

function restJsonResponse(
  status: number,
  body: unknown,
  requestId: string,
): SandboxResponse {
  return {
    status,
    headers: restJsonHeaders(requestId),
    body: JSON.stringify(body),
  };
}

function xmlResponse(
  status: number,
  body: string,
  requestId: string,
): SandboxResponse {
  return { status, headers: xmlHeaders(requestId), body };
}

function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
): SandboxResponse {
  return {
    status,
    headers: jsonHeaders(requestId),
    body: JSON.stringify(body),
  };
}
