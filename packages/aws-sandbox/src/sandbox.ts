import { FaultKind, FaultPlan, FaultRule, SandboxService } from './faults';
import { AwsApiError } from './protocol/errors';
import { QueryParams } from './protocol/query';
import { htmlResponse } from './protocol/responses';
import type {
  IdentifiedCall,
  RequestParts,
  SandboxRequest,
  SandboxResponse,
  ServiceProtocol,
} from './protocol/types';
import { IDENTIFY_ORDER } from './protocols';
import {
  ThrottleGroup,
  throttleGroupOf,
  throttleKey,
  throttlePolicy,
  ThrottleSetting,
  TokenBuckets,
} from './throttle';
import type { SandboxWorld } from './world/types';

export type { SandboxRequest, SandboxResponse } from './protocol/types';

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

const SIGV4_SCOPE =
  /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;
const SERVICE_HOST =
  /^(ec2|ecs|sts|elasticfilesystem|route53profiles|api\.ecr)\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com/;

/** A request named by its protocol, or the error that protocol refused it with. */
type Identified =
  | { call: IdentifiedCall; protocol: ServiceProtocol }
  | { error: unknown; protocol: ServiceProtocol };

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
    const identified = identify(request);
    if ('error' in identified) {
      const apiError =
        identified.error instanceof AwsApiError
          ? identified.error
          : new AwsApiError('InternalError', String(identified.error), 500);
      return identified.protocol.errorResponse(apiError, requestId);
    }
    const { call: named, protocol } = identified;
    const accountId = this.accountOf(named.accessKeyId);
    const call: SandboxCall = {
      service: named.service,
      action: named.action,
      region: named.region,
      accountId,
      vpcId: named.params
        ? vpcIdOf(named.params)
        : named.query?.get('vpcid') ?? undefined,
      throttleGroup: throttleGroupOf(
        named.service,
        named.action,
        named.params ? { narrowed: isNarrowed(named.params) } : undefined,
      ),
      status: 0,
      time: Date.now(),
      durationMs: 0,
    };
    this.calls.push(call);
    const started = performance.now();
    try {
      const response = await this.answer(
        named,
        protocol,
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

  /** The answer after latency, throttling and injected faults, as AWS would give it. */
  private async answer(
    named: IdentifiedCall,
    protocol: ServiceProtocol,
    accountId: string,
    requestId: string,
    call: SandboxCall,
    signal?: AbortSignal,
  ): Promise<SandboxResponse> {
    const latency =
      typeof this.options.latencyMs === 'function'
        ? this.options.latencyMs(named)
        : this.options.latencyMs ?? 0;
    if (latency > 0) await this.wait(latency, signal);

    const refuse = (error: AwsApiError) => {
      call.errorCode = error.code;
      return protocol.errorResponse(error, requestId);
    };
    const who = {
      principal: `arn:aws:sts::${accountId}:assumed-role/fargate-endpoints-reader/sandbox`,
      permission: `${protocol.iamPrefix}:${named.action}`,
    };
    if (
      this.buckets &&
      !this.buckets.take(
        call.throttleGroup,
        throttleKey(call.throttleGroup, accountId, named.region),
      )
    ) {
      call.fault = 'throttled';
      return refuse(protocol.faultError('throttle', named, who));
    }
    const fault = this.faults.next(named);
    if (fault) call.fault = fault;
    if (fault === 'hang') {
      await this.wait(Infinity, signal);
      throw new SandboxCallAbortedError('aborted');
    }
    if (fault === 'malformed')
      return protocol.malformedResponse(named, requestId);
    if (fault === 'empty') return protocol.emptyResponse(named, requestId);
    if (fault === 'html') return htmlResponse(requestId);
    if (fault) return refuse(protocol.faultError(fault, named, who));
    try {
      return protocol.answer(named, {
        world: this.world,
        accountId,
        requestId,
        pageSize: this.options.pageSize,
        issueKey: (key, account) => this.issuedKeys.set(key, account),
      });
    } catch (error) {
      if (error instanceof AwsApiError) return refuse(error);
      return refuse(
        new AwsApiError(
          protocol.internalErrorCode,
          `The sandbox failed: ${(error as Error).message}`,
          500,
        ),
      );
    }
  }

  private accountOf(accessKeyId: string | undefined): string {
    if (!accessKeyId) return this.world.defaultAccountId;
    return (
      this.issuedKeys.get(accessKeyId) ??
      this.world.accessKeys[accessKeyId] ??
      this.world.defaultAccountId
    );
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
 * Names the request: the region from the SigV4 credential scope (or the host), then the
 * first protocol that recognises it (see `IDENTIFY_ORDER`).
 */
function identify(request: SandboxRequest): Identified {
  const headers = headerMap(request.headers);
  const host = hostOf(request.url, headers);
  const scope = SIGV4_SCOPE.exec(headers.authorization ?? '');
  const serviceHost = SERVICE_HOST.exec(host);
  const url = new URL(request.url, 'http://sandbox');
  let form: QueryParams | undefined;
  const parts: RequestParts = {
    method: request.method,
    url,
    host,
    headers,
    body: request.body,
    region: scope?.[2] ?? serviceHost?.[2] ?? 'us-east-1',
    accessKeyId: scope?.[1],
    signingService: scope?.[3],
    hostService: serviceHost?.[1],
    formParams: () =>
      (form ??= new QueryParams(
        [request.body, url.search.slice(1)].filter(Boolean).join('&'),
      )),
  };
  for (const protocol of IDENTIFY_ORDER) {
    try {
      const call = protocol.identify(parts);
      if (call) return { call, protocol };
    } catch (error) {
      return { error, protocol };
    }
  }
  // EC2, last in the order, takes every request left.
  throw new Error('no protocol recognised the request');
}
