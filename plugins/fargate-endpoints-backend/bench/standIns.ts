/**
 * What stands in for the parts of a Backstage backend around the plugin: the catalog, the cache
 * service, the logger and auth, the fleet's accounts and their config, and the sandbox process.
 */
import { fork, ChildProcess } from 'node:child_process';
import { ConfigReader } from '@backstage/config';
import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { JsonValue } from '@backstage/types';
import {
  fleetAccessKeyId,
  fleetAccountIds,
} from '@fargate-endpoints/aws-sandbox';
import type {
  LoggedCalls,
  SandboxProcessOptions,
  SandboxRequest,
} from './sandboxProcess';
import { round } from './measure';
import { BenchOptions } from './options';

export function countingLogger(
  counts = { warn: 0, error: 0 },
): LoggerService & {
  counts: typeof counts;
} {
  const logger = {
    counts,
    error: (message: string) => {
      counts.error += 1;
      process.stderr.write(`error: ${message}\n`);
    },
    warn: () => {
      counts.warn += 1;
    },
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

/**
 * Resolves with the child's next message of this type. Other messages are not ours: the
 * TypeScript transform also reports every file it compiles (`{ type: 'watch' }`).
 */
export function onAnswer<T>(
  child: ChildProcess,
  type: string,
  resolve: (message: T) => void,
) {
  const listener = (message: unknown) => {
    if ((message as { type?: string })?.type !== type) return;
    child.off('message', listener);
    resolve(message as T);
  };
  child.on('message', listener);
}

/** The sandbox process, over IPC. */
export class SandboxProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly ec2Url: string,
    readonly ecsUrl: string,
    readonly rssMb: number,
  ) {}

  static async start(options: SandboxProcessOptions): Promise<SandboxProcess> {
    const child = fork(
      require.resolve('./sandboxProcess.ts'),
      [JSON.stringify(options)],
      {
        execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const ready = await new Promise<{
      ec2Url: string;
      ecsUrl: string;
      rssMb: number;
    }>((resolve, reject) => {
      onAnswer(child, 'ready', resolve);
      child.once('exit', code =>
        reject(new Error(`the sandbox process exited with ${code}`)),
      );
    });
    return new SandboxProcess(child, ready.ec2Url, ready.ecsUrl, ready.rssMb);
  }

  private ask<T>(request: SandboxRequest, answer: string): Promise<T> {
    return new Promise(resolve => {
      onAnswer(this.child, answer, resolve);
      this.child.send(request);
    });
  }

  async calls(): Promise<LoggedCalls> {
    return (await this.ask<{ logged: LoggedCalls }>({ type: 'calls' }, 'calls'))
      .logged;
  }

  /** Forgets the call log; `rested` also refills the throttle buckets. */
  async reset(rested: boolean): Promise<void> {
    await this.ask({ type: 'reset', rested }, 'reset');
  }

  async stop(): Promise<void> {
    await this.ask({ type: 'stop' }, 'stopped');
  }
}

/**
 * The catalog's in-memory stand-in, answering by ref from an index as the real catalog does
 * (its database looks a ref up by key). `InMemoryCatalogClient` rebuilds a map of every
 * entity on each `getEntityByRef`: 10,000 entities cost it ~20 ms a call, which the warm
 * latency then measured instead of the plugin.
 */
export class IndexedCatalogClient extends InMemoryCatalogClient {
  readonly #byRef: Map<string, Entity>;

  constructor(entities: Entity[]) {
    super({ entities });
    this.#byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  }

  override async getEntityByRef(
    ref: string | CompoundEntityRef,
  ): Promise<Entity | undefined> {
    return this.#byRef.get(stringifyEntityRef(parseEntityRef(ref)));
  }
}

/**
 * An in-memory CacheService that stores JSON, as Redis or Memcache would, so that warm reads
 * pay for serialisation like a shared cache does.
 */
export class InMemoryJsonCache implements CacheService {
  constructor(
    private readonly entries = new Map<
      string,
      { json: string; expires: number }
    >(),
    private readonly defaultTtlMs = 3_600_000,
  ) {}

  async get<T extends JsonValue>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) return undefined;
    return JSON.parse(entry.json) as T;
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    const ttl =
      typeof options?.ttl === 'number' ? options.ttl : this.defaultTtlMs;
    this.entries.set(key, {
      json: JSON.stringify(value),
      expires: Date.now() + ttl,
    });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  /** MB of JSON held per kind of entry (the key up to its first `:`). */
  megabytesByKind(): Record<string, number> {
    const bytes: Record<string, number> = {};
    for (const [key, { json }] of this.entries) {
      const kind = key.split(':')[0];
      bytes[kind] = (bytes[kind] ?? 0) + json.length + key.length;
    }
    return Object.fromEntries(
      Object.entries(bytes).map(([kind, n]) => [kind, round(n / 1048576, 1)]),
    );
  }

  withOptions(options: CacheServiceOptions): CacheService {
    const ttl = options.defaultTtl;
    return new InMemoryJsonCache(
      this.entries,
      typeof ttl === 'number' ? ttl : this.defaultTtlMs,
    );
  }
}

const serviceCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'service', subject: 'plugin:fargate-endpoints' },
} as BackstageCredentials;
export const userCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/platform-team' },
} as BackstageCredentials;

/** The one AuthService call the service makes (the overview reads the catalog as the plugin). */
export const pluginAuth = {
  getOwnServiceCredentials: async () => serviceCredentials,
} as unknown as AuthService;

// ---------------------------------------------------------------- phases

/** The static keys the sandbox maps to a fleet account. */
export function fleetCredentials(accountId: string) {
  return {
    accessKeyId: fleetAccessKeyId(accountId),
    secretAccessKey: 'not-a-secret',
  };
}

/** The backend's config for the fleet: its accounts allowed, `o.concurrency` services at once. */
export function fleetConfig(o: BenchOptions): ConfigReader {
  // Each account through its own static keys, as `aws.accounts` in app-config names them.
  const [mainAccountId, ...others] = fleetAccountIds({ accounts: o.accounts });
  return new ConfigReader({
    aws: {
      mainAccount: fleetCredentials(mainAccountId),
      accounts: others.map(accountId => ({
        accountId,
        ...fleetCredentials(accountId),
      })),
    },
    fargateEndpoints: {
      allowedAccountIds: [mainAccountId, ...others],
      overview: { maxConcurrentChecks: o.concurrency },
    },
  });
}
