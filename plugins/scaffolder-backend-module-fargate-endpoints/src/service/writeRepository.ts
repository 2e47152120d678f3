/**
 * Writing the generated repository without ever leaving half of it behind: the files go to a
 * staging directory next to the target first and move into place only when all are written.
 */
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Resolves `targetPath` inside the workspace, rejecting paths that escape it. */
export function resolveTargetDir(
  workspacePath: string,
  targetPath: string | undefined,
): string {
  if (!targetPath || targetPath === '.') return workspacePath;
  try {
    return resolveSafeChildPath(workspacePath, targetPath);
  } catch {
    throw new InputError(
      `targetPath: "${targetPath}" must stay inside the workspace`,
    );
  }
}

/** Fails with an InputError naming targetPath when any file would overwrite an existing one. */
export async function assertNoCollisions(
  targetDir: string,
  files: Record<string, string>,
): Promise<void> {
  for (const rel of Object.keys(files)) {
    if (await exists(path.join(targetDir, rel))) {
      throw new InputError(
        `targetPath: ${rel} already exists there; choose an empty directory`,
      );
    }
  }
}

/** Writes all files into `targetDir`, staged first so a failure leaves nothing behind. */
export async function writeRepository(
  targetDir: string,
  files: Record<string, string>,
): Promise<void> {
  await fs.mkdir(path.dirname(targetDir), { recursive: true });
  const staging = await fs.mkdtemp(
    path.join(path.dirname(targetDir), '.fargate-endpoints-staging-'),
  );
  try {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(staging, rel);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content, 'utf8');
    }
    if (!(await exists(targetDir))) {
      await fs.rename(staging, targetDir);
      return;
    }
    // The target exists (the workspace root): move file by file, each move atomic.
    for (const rel of Object.keys(files)) {
      await fs.mkdir(path.dirname(path.join(targetDir, rel)), {
        recursive: true,
      });
      await fs.rename(path.join(staging, rel), path.join(targetDir, rel));
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
