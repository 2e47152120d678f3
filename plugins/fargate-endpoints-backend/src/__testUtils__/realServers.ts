/**
 * A real PostgreSQL and a real Redis for tests, from the Debian packages (`postgresql`,
 * `redis-server`), started on loopback on a free port in a temporary directory and stopped
 * by the test. When the binaries are missing, `findPostgres`/`findRedis` say why, and the
 * test skips with that reason in its name.
 */
import { execFile, spawn, ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest Debian PostgreSQL bin directory, or why there is none. */
export function findPostgres(): { bin: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter(v => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length
    ? { bin: join(root, versions[0], 'bin') }
    : {
        missing: `no PostgreSQL under ${root}/*/bin (apt-get install postgresql)`,
      };
}

/** The Redis server binary, or why there is none. */
export function findRedis(): { bin: string } | { missing: string } {
  const bin = '/usr/bin/redis-server';
  return existsSync(bin)
    ? { bin }
    : { missing: `no ${bin} (apt-get install redis-server)` };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>(resolve => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until)
      throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** A running PostgreSQL: its connection settings and how to stop it. */
export interface TestPostgres {
  connection: { host: string; port: number; user: string; password: string };
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL with initdb + pg_ctl in a temporary directory. initdb refuses to run as
 * root, so as root the server runs as the `postgres` user Debian's package creates.
 */
export async function startPostgres(bin: string): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'fe-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const exec = (cmd: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args])
      : run(join(bin, cmd), args);
  const port = await freePort();
  await exec('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  await exec('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  await waitForPort(port, 20_000);
  return {
    connection: {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: 'unused-trust-auth',
    },
    async stop() {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(
        () => undefined,
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A running Redis: its URL and how to stop it. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts redis-server on loopback without persistence. */
export async function startRedis(bin: string): Promise<TestRedis> {
  const port = await freePort();
  // A watchdog shell holds redis-server and stops it when its stdin closes, that is when this
  // process exits, however it exits.
  const child: ChildProcess = spawn(
    '/bin/sh',
    [
      '-c',
      '"$0" "$@" & pid=$!; read _ignored; kill $pid',
      bin,
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  await waitForPort(port, 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    /**
     * Stops the server when this process exits. Backstage's cache service keeps its Redis
     * connections open for the life of the process (there is no shutdown hook to close them),
     * and a connection closed under it is an unhandled error; so the server outlives the
     * tests and goes with the process (the watchdog above).
     */
    async stop() {
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    },
  };
}
