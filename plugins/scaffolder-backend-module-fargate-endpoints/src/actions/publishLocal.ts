import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  createTemplateAction,
  isNotGitDirectoryOrContents,
} from '@backstage/plugin-scaffolder-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { examples } from './publishLocal.examples';

/**
 * The action id, `vendor:resource:verb`, after `publish:github` and friends.
 *
 * @public
 */
export const PUBLISH_LOCAL_ACTION_ID = 'fargate-endpoints:publish:local';

/**
 * Options of {@link createPublishLocalAction}.
 *
 * @public
 */
export interface PublishLocalActionOptions {
  /**
   * Directory that holds the published repositories (`fargateEndpoints.scaffolder.localPublishDir`);
   * relative paths resolve against the backend's working directory, like `file` catalog locations.
   * Undefined: the action refuses to run and says which key to set.
   */
  publishDir?: string;
}

const REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/**
 * Creates the `fargate-endpoints:publish:local` action: commits the workspace (or a
 * directory in it) into a new git repository on this machine, for local development where
 * there is no GitHub to publish to. One commit, on the default branch.
 *
 * @public
 */
export function createPublishLocalAction(options: PublishLocalActionOptions) {
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      'Publishes the workspace as a new git repository in a local directory (fargateEndpoints.scaffolder.localPublishDir), for development without a git host.',
    examples,
    schema: {
      input: {
        repoName: z =>
          z.string({
            description:
              'Name of the repository directory: lowercase letters, digits, ".", "_" and "-"',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Directory inside the workspace to publish (default: the workspace root)',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({
              description: 'Branch of the initial commit (default main)',
            })
            .optional(),
        commitMessage: z =>
          z.string({ description: 'Message of the initial commit' }).optional(),
        gitAuthorName: z =>
          z
            .string({
              description: 'Author name of the commit (default Scaffolder)',
            })
            .optional(),
        gitAuthorEmail: z =>
          z
            .string({
              description:
                'Author email of the commit (default scaffolder@backstage.io)',
            })
            .optional(),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Path of the catalog descriptor in the repository, for catalogInfoUrl (default catalog-info.yaml)',
            })
            .optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({
            description:
              'file:// URL of the new repository (git clone works with it)',
          }),
        repoContentsUrl: z =>
          z.string({ description: 'file:// URL of the repository directory' }),
        catalogInfoUrl: z =>
          z.string({ description: 'file:// URL of the catalog descriptor' }),
        repoPath: z =>
          z.string({
            description: 'Absolute path of the repository on the backend host',
          }),
        commitHash: z => z.string({ description: 'The initial commit' }),
      },
    },
    async handler(ctx) {
      const {
        repoName,
        sourcePath,
        defaultBranch = 'main',
        commitMessage = 'Initial commit from the fargate-private-service template',
      } = ctx.input;
      if (!options.publishDir) {
        throw new InputError(
          `${PUBLISH_LOCAL_ACTION_ID} is not set up: set fargateEndpoints.scaffolder.localPublishDir in app-config to the directory that should hold local repositories`,
        );
      }
      if (
        typeof repoName !== 'string' ||
        !REPO_NAME.test(repoName) ||
        repoName.includes('..')
      ) {
        throw new InputError(
          `repoName: "${repoName}" must be lowercase letters, digits, ".", "_" and "-", starting with a letter or digit`,
        );
      }
      if (
        !/^[A-Za-z0-9._/-]+$/.test(defaultBranch) ||
        defaultBranch.includes('..')
      ) {
        throw new InputError(
          `defaultBranch: "${defaultBranch}" is not a valid branch name`,
        );
      }
      let sourceDir = ctx.workspacePath;
      if (sourcePath) {
        try {
          sourceDir = resolveSafeChildPath(ctx.workspacePath, sourcePath);
        } catch {
          throw new InputError(
            `sourcePath: "${sourcePath}" must stay inside the workspace`,
          );
        }
      }
      if (!fs.existsSync(sourceDir))
        throw new InputError(
          `sourcePath: "${sourcePath}" does not exist in the workspace`,
        );

      const publishDir = path.resolve(options.publishDir);
      const repoPath = path.join(publishDir, repoName);
      if (fs.existsSync(repoPath)) {
        throw new ConflictError(
          `A repository named ${repoName} already exists at ${repoPath}; choose another name`,
        );
      }

      // Build the repository beside its final place, then rename: never a half-made repository.
      await fs.promises.mkdir(publishDir, { recursive: true });
      const staging = await fs.promises.mkdtemp(
        path.join(publishDir, `.${repoName}-staging-`),
      );
      let commitHash: string;
      try {
        await fs.promises.cp(sourceDir, staging, {
          recursive: true,
          filter: src =>
            isNotGitDirectoryOrContents(path.relative(sourceDir, src) || '.'),
        });
        await git.init({ fs, dir: staging, defaultBranch });
        await git.add({ fs, dir: staging, filepath: '.' });
        const author = {
          name: ctx.input.gitAuthorName || 'Scaffolder',
          email: ctx.input.gitAuthorEmail || 'scaffolder@backstage.io',
        };
        commitHash = await git.commit({
          fs,
          dir: staging,
          message: commitMessage,
          author,
          committer: author,
        });
        await fs.promises.rename(staging, repoPath);
      } catch (error) {
        await fs.promises.rm(staging, { recursive: true, force: true });
        throw error;
      }

      const repoUrl = pathToFileURL(repoPath).href;
      const catalogInfoPath = (
        ctx.input.catalogInfoPath || 'catalog-info.yaml'
      ).replace(/^\/+/, '');
      ctx.logger.info(
        `Published ${repoName} to ${repoPath} (commit ${commitHash})`,
      );
      ctx.output('remoteUrl', repoUrl);
      ctx.output('repoContentsUrl', repoUrl);
      ctx.output(
        'catalogInfoUrl',
        pathToFileURL(path.join(repoPath, catalogInfoPath)).href,
      );
      ctx.output('repoPath', repoPath);
      ctx.output('commitHash', commitHash);
    },
  });
}
