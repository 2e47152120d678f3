/**
 * What a fake AWS service is to the sandbox: how its requests are recognised, answered, and
 * how it words its errors and its broken answers. Each service has one such protocol, in its
 * own folder (`ec2/protocol.ts`, `ecs/protocol.ts`...); `protocols.ts` lists them.
 */
import type { FaultKind, SandboxService } from '../faults';
import type { SandboxWorld } from '../world/types';
import type { AwsApiError } from './errors';
import type { QueryParams } from './query';

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

/** A request named: which service, which action, and its input in the service's own form. */
export interface IdentifiedCall {
  service: SandboxService;
  action: string;
  region: string;
  accessKeyId?: string;
  /** Query services (EC2, STS): the parameters. */
  params?: QueryParams;
  /** JSON services (ECS, ECR): the body. */
  input?: Record<string, unknown>;
  /** REST services (Route 53, Route 53 Profiles, EFS): the path after the API version, and the query. */
  path?: string;
  query?: URLSearchParams;
}

/** What a protocol sees of a request to recognise it. */
export interface RequestParts {
  method: string;
  url: URL;
  host: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The region: the SigV4 scope's, else the host's, else us-east-1. */
  region: string;
  accessKeyId?: string;
  /** The service named in the SigV4 credential scope (`ec2`, `route53`, `elasticfilesystem`...). */
  signingService?: string;
  /** The service named by the host (`ec2.eu-west-1.amazonaws.com` → `ec2`). */
  hostService?: string;
  /** The Query protocol's parameters, from the body and the URL's query (parsed once, on first use). */
  formParams(): QueryParams;
}

/** What answering a call may use. */
export interface AnswerContext {
  world: SandboxWorld;
  accountId: string;
  requestId: string;
  pageSize?: number;
  /** Remembers credentials STS issued, so that later calls signed with them act as that account. */
  issueKey(accessKeyId: string, accountId: string): void;
}

/** The faults that AWS answers with an error of its own words. */
export type ApiFault = Exclude<
  FaultKind,
  'hang' | 'malformed' | 'empty' | 'html'
>;

/** One AWS service as the sandbox speaks it. */
export interface ServiceProtocol {
  service: SandboxService;
  /** The prefix of its IAM actions (`elasticfilesystem` for EFS). */
  iamPrefix: string;
  /** The error code of a failure inside the sandbox (what AWS answers for an internal error). */
  internalErrorCode: string;
  /**
   * Names a request of this service; undefined for another service's. Throws an
   * {@link AwsApiError} for a request of this service that it cannot serve.
   */
  identify(request: RequestParts): IdentifiedCall | undefined;
  /** Answers a named call from the world; throws an {@link AwsApiError} as AWS would refuse it. */
  answer(call: IdentifiedCall, ctx: AnswerContext): SandboxResponse;
  /** An error in the service's own document form. */
  errorResponse(error: AwsApiError, requestId: string): SandboxResponse;
  /** The error real AWS gives for a throttle, a server fault or a refusal. */
  faultError(
    kind: ApiFault,
    call: IdentifiedCall,
    who: { principal: string; permission: string },
  ): AwsApiError;
  /** A well-formed answer that holds nothing. */
  emptyResponse(call: IdentifiedCall, requestId: string): SandboxResponse;
  /** A 200 whose body is cut off mid-document, as from a broken proxy. */
  malformedResponse(call: IdentifiedCall, requestId: string): SandboxResponse;
}
