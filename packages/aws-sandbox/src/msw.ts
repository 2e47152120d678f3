import { http, HttpResponse } from 'msw';
import { AwsSandbox, SandboxCallAbortedError } from './sandbox';

/** Options of {@link createAwsMswHandlers}. */
export interface AwsMswHandlerOptions {
  /**
   * Extra base URLs to answer, for clients configured with a custom endpoint
   * (e.g. `http://localhost:4566`). AWS hosts are always answered.
   */
  baseUrls?: string[];
}

const AWS_HOST =
  /^(ec2|ecs|sts|route53|route53profiles|elasticfilesystem|api\.ecr)(\.[a-z]{2}(-gov)?-[a-z]+-\d)?\.amazonaws\.com(\.cn)?$/;

/**
 * msw v2 handlers that send EC2, ECS and STS calls for any region (`https://ec2.<region>.amazonaws.com/`,
 * `https://ecs.<region>.amazonaws.com/`, ...) and the given base URLs to the sandbox. Other
 * requests fall through to the next handler.
 */
export function createAwsMswHandlers(
  sandbox: AwsSandbox,
  options: AwsMswHandlerOptions = {},
) {
  const baseUrls = (options.baseUrls ?? []).map(u => u.replace(/\/+$/, ''));
  const answers = (url: URL) =>
    AWS_HOST.test(url.hostname) ||
    baseUrls.some(base => url.href === base || url.href.startsWith(`${base}/`));

  const handler = async ({ request }: { request: Request }) => {
    if (!answers(new URL(request.url))) return undefined;
    try {
      const response = await sandbox.handle(
        {
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: await request.text(),
        },
        { signal: request.signal },
      );
      return new HttpResponse(response.body, {
        status: response.status,
        headers: response.headers,
      });
    } catch (error) {
      // A hung call that was aborted or closed: the connection just drops.
      if (error instanceof SandboxCallAbortedError) return HttpResponse.error();
      throw error;
    }
  };
  // Route 53 and EFS are REST APIs: their reads are GETs.
  return [http.post('*', handler), http.get('*', handler)];
}
