import { createServer, IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  CONTROL_PREFIX,
  handleControlRequest,
  SandboxControlOptions,
} from './control';
import { AwsSandbox, SandboxCallAbortedError } from './sandbox';

/** A running sandbox server. */
export interface SandboxServer {
  /** `http://127.0.0.1:<port>`: use it as AWS_ENDPOINT_URL_EC2, _ECS and _STS alike. */
  url: string;
  port: number;
  /** Stops listening and drops open connections (hanging calls included). */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Serves the sandbox over HTTP on a loopback address. EC2, ECS and STS share one port: ECS
 * calls carry `X-Amz-Target`, EC2 and STS calls an `Action` form field (STS with
 * `Version=2011-06-15`), and the SigV4 credential scope names region and service. With
 * `control`, it also serves the control routes under `/_sandbox/` (see control.ts).
 */
export async function startSandboxServer(
  sandbox: AwsSandbox,
  options: {
    port?: number;
    host?: string;
    control?: SandboxControlOptions;
  } = {},
): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new Error(
      `The AWS sandbox only listens on loopback addresses, not ${host}`,
    );
  }
  const server = createServer(async (request, response) => {
    const aborted = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) aborted.abort();
    });
    try {
      const body = await readBody(request);
      const path = (request.url ?? '/').split('?')[0];
      const target = request.headers['x-amz-target'];
      const changes = options.control?.changes;
      if (
        changes &&
        typeof target === 'string' &&
        target.startsWith('AmazonSQS.')
      ) {
        // The change queue (sqs/changeQueue.ts), as SQS answers: AWS JSON 1.0.
        const answer = await changes.answer(target, body);
        response.writeHead(answer.status, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': randomUUID(),
        });
        response.end(JSON.stringify(answer.body));
        return;
      }
      if (options.control && path.startsWith(CONTROL_PREFIX)) {
        const control = handleControlRequest(sandbox, options.control, {
          method: request.method ?? 'GET',
          path,
          body,
        });
        response.writeHead(control?.status ?? 404, {
          'content-type': 'application/json',
        });
        response.end(JSON.stringify(control?.body ?? {}));
        return;
      }
      const answer = await sandbox.handle(
        {
          method: request.method ?? 'POST',
          url: `http://${request.headers.host ?? host}${request.url ?? '/'}`,
          headers: request.headers,
          body,
        },
        { signal: aborted.signal },
      );
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
    } catch (error) {
      if (!(error instanceof SandboxCallAbortedError)) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`sandbox failure: ${(error as Error).message}`);
        return;
      }
      response.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
