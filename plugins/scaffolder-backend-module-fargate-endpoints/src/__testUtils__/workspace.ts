/**
 * Test support: a temporary workspace, running an action in it, and reading what it wrote.
 */
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A new empty directory under the OS temp dir. */
export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Every file under `dir`, keyed by relative path (posix separators). */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? (entry as any).path, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] =
      await fs.readFile(full, 'utf8');
  }
  return files;
}

/** Runs an action in a fresh workspace and returns the workspace, the outputs and the context. */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  workspacePath?: string,
) {
  const workspace = workspacePath ?? (await tempDir('fe-workspace-'));
  const ctx = createMockActionContext({
    input: input as any,
    workspacePath: workspace,
  });
  jest.spyOn(ctx.logger, 'warn');
  jest.spyOn(ctx.logger, 'info');
  await action.handler(ctx as any);
  const outputs: Record<string, any> = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
  return { workspacePath: workspace, outputs, ctx };
}
