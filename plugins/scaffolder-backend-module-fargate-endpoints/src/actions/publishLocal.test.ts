import { ConflictError, InputError } from '@backstage/errors';
import git from 'isomorphic-git';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'yaml';
import { runAction, tempDir } from '../__testUtils__/workspace';
import { createGenerateServiceAction } from './generateService';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

async function generatedWorkspace(): Promise<string> {
  const { workspacePath } = await runAction(createGenerateServiceAction(), {
    name: 'payments-api',
    owner: 'group:default/payments',
    description: 'Takes card payments',
    region: 'eu-west-1',
  });
  return workspacePath;
}

describe('fargate-endpoints:publish:local', () => {
  it('commits the generated service into a new git repository, once', async () => {
    const publishDir = await tempDir('fe-repos-');
    const workspacePath = await generatedWorkspace();
    const { input } = yaml.parse(examples[0].example).steps[0];
    const { outputs } = await runAction(
      createPublishLocalAction({ publishDir }),
      input,
      workspacePath,
    );

    const repoPath = path.join(publishDir, 'payments-api');
    expect(outputs.repoPath).toBe(repoPath);
    expect(fileURLToPath(outputs.remoteUrl)).toBe(repoPath);
    expect(fileURLToPath(outputs.catalogInfoUrl)).toBe(
      path.join(repoPath, 'catalog-info.yaml'),
    );

    const log = await git.log({ fs, dir: repoPath });
    expect(log).toHaveLength(1);
    expect(log[0].oid).toBe(outputs.commitHash);
    expect(log[0].commit.message.trim()).toBe(input.commitMessage);
    const committed = await git.listFiles({ fs, dir: repoPath, ref: 'HEAD' });
    expect(committed).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'endpoints.tf',
        'ecs.tf',
        '.github/workflows/ci.yml',
        'app/Dockerfile',
      ]),
    );
    // The real git sees the same repository, clean, on main.
    expect(
      execFileSync('git', ['-C', repoPath, 'status', '--porcelain'], {
        encoding: 'utf8',
      }),
    ).toBe('');
    expect(
      execFileSync('git', ['-C', repoPath, 'branch', '--show-current'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('main');
    expect(fs.readdirSync(publishDir)).toEqual(['payments-api']);
  });

  it('publishes only sourcePath when given', async () => {
    const publishDir = await tempDir('fe-repos-');
    const workspacePath = await tempDir('fe-ws-');
    fs.mkdirSync(path.join(workspacePath, 'service'));
    fs.writeFileSync(
      path.join(workspacePath, 'service', 'catalog-info.yaml'),
      'kind: Component\n',
    );
    fs.writeFileSync(path.join(workspacePath, 'other.txt'), 'not published');
    await runAction(
      createPublishLocalAction({ publishDir }),
      { repoName: 'svc', sourcePath: 'service' },
      workspacePath,
    );
    expect(
      await git.listFiles({
        fs,
        dir: path.join(publishDir, 'svc'),
        ref: 'HEAD',
      }),
    ).toEqual(['catalog-info.yaml']);
  });

  it('refuses to run without localPublishDir, naming the config key', async () => {
    const action = createPublishLocalAction({});
    await expect(runAction(action, { repoName: 'x' })).rejects.toThrow(
      /fargateEndpoints\.scaffolder\.localPublishDir/,
    );
  });

  it.each([
    ['../escape', 'repoName'],
    ['Has Spaces', 'repoName'],
  ])('rejects repoName %s', async (repoName, field) => {
    const publishDir = await tempDir('fe-repos-');
    const error = await runAction(createPublishLocalAction({ publishDir }), {
      repoName,
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(field);
    expect(fs.readdirSync(publishDir)).toEqual([]);
  });

  it('never overwrites an existing repository', async () => {
    const publishDir = await tempDir('fe-repos-');
    fs.mkdirSync(path.join(publishDir, 'taken'));
    await expect(
      runAction(createPublishLocalAction({ publishDir }), {
        repoName: 'taken',
      }),
    ).rejects.toThrow(ConflictError);
    expect(fs.readdirSync(publishDir)).toEqual(['taken']);
  });
});
