/**
 * The flooding clients of bench/floods.ts, in a process of their own (as real clients would
 * be, elsewhere): each sends its request, waits for the answer and sends it again, for the
 * duration. Driven over IPC; also the HTTP client the benchmark's other callers use.
 */
import { Agent, request } from 'node:http';

/** One answer: its HTTP status, JSON body and how long it took. */
export interface HttpAnswer {
  status: number;
  body: unknown;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request to the backend as a caller (an `Authorization` header). */
export function httpCall(
  url: string,
  authorization: string,
  body?: unknown,
): Promise<HttpAnswer> {
  const started = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: payload === undefined ? 'GET' : 'POST',
        headers: {
          authorization,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json' }),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON: kept as text.
          }
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            ms: performance.now() - started,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Answers counted: by status, by outcome (status and verdict or error), and their latencies. */
export interface AnswerTally {
  statuses: Record<string, number>;
  outcomes: Record<string, number>;
  latenciesMs: number[];
}

export const emptyTally = (): AnswerTally => ({
  statuses: {},
  outcomes: {},
  latenciesMs: [],
});

/** The answer's status and what it said: the verdict and first unknown reason, or the error; ids elided. */
export function outcomeOf(answer: HttpAnswer): string {
  const body = answer.body as {
    verdict?: string;
    unknown?: Array<{ reason: string }>;
    error?: { name: string; message: string };
  };
  const text = body?.error
    ? `${body.error.name}: ${body.error.message}`
    : `${body?.verdict}${
        body?.unknown?.length ? `, unknown: ${body.unknown[0].reason}` : ''
      }`;
  return `${answer.status} ${text
    .replace(/\b(vpc|subnet|sg)-[0-9a-f]+/g, '$1-…')
    .replace(/\d+(\.\d+)? ?(s|ms)\b/g, '… $2')}`.slice(0, 160);
}

/** Counts one answer in the tally. */
export function count(tally: AnswerTally, answer: HttpAnswer): void {
  const bump = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  bump(tally.statuses, String(answer.status));
  bump(tally.outcomes, outcomeOf(answer));
  tally.latenciesMs.push(answer.ms);
}

/** How the flood is set up (JSON in argv[2]). */
export interface FloodOptions {
  url: string;
  /** One `Authorization` header per client: the same one for every client is one caller. */
  authorizations: string[];
  durationMs: number;
}

async function flood(o: FloodOptions): Promise<AnswerTally> {
  const tally = emptyTally();
  const until = performance.now() + o.durationMs;
  await Promise.all(
    o.authorizations.map(async authorization => {
      while (performance.now() < until) {
        count(
          tally,
          await httpCall(o.url, authorization).catch((error: Error) => ({
            status: 0,
            body: { error: { name: error.name, message: error.message } },
            ms: NaN,
          })),
        );
      }
    }),
  );
  return tally;
}

if (require.main === module) {
  const options: FloodOptions = JSON.parse(process.argv[2]);
  process.on('message', async (message: { type?: string }) => {
    if (message?.type !== 'go') return;
    const result = await flood(options);
    process.send!({ type: 'done', result }, () => process.exit(0));
  });
  process.send!({ type: 'ready' });
}
