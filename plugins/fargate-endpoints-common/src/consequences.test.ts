import fs from 'node:fs';
import path from 'node:path';
import {
  NEED_CONSEQUENCES,
  findingByConsequence,
  needConsequence,
  serviceConsequence,
} from './consequences';
import { KNOWN_NEEDS } from './needs';
import type { Finding } from './report';

const missing = (service: string): Finding => ({
  rule: 'missing-endpoint',
  severity: 'error',
  service,
  resourceId: 'vpc-0a1b2c3d4e5f60718',
  message: `no endpoint for ${service}.`,
  fix: 'Create it.',
});

describe('needConsequence', () => {
  it('has a consequence and an AWS page for every known need', () => {
    for (const need of KNOWN_NEEDS) {
      expect(NEED_CONSEQUENCES[need]).toBeDefined();
      expect(NEED_CONSEQUENCES[need].source).toMatch(
        /^https:\/\/docs\.aws\.amazon\.com\//,
      );
    }
  });

  it('says image pulls, secrets and awslogs stop the task, telemetry and ECS Exec do not', () => {
    expect(needConsequence('ecr').consequence).toBe('start');
    expect(needConsequence('logs').consequence).toBe('start');
    expect(needConsequence('ssm').consequence).toBe('start');
    expect(needConsequence('exec').consequence).toBe('run-time');
    expect(needConsequence('xray').consequence).toBe('run-time');
    expect(needConsequence('monitoring').consequence).toBe('run-time');
  });

  it('counts a need the user declared as needed to start', () => {
    expect(needConsequence('kms').consequence).toBe('start');
  });
});

describe('serviceConsequence', () => {
  it('is start when some reason needs the service at start', () => {
    expect(
      serviceConsequence('logs', {
        needs: ['logs'],
        needSources: [
          { need: 'logs', reason: 'container app uses the awslogs log driver' },
          {
            need: 'logs',
            reason:
              'container app logs through FireLens to the cloudwatch output',
            consequence: 'run-time',
          },
        ],
      }),
    ).toBe('start');
  });

  it('is run-time when every reason fails only while the task runs', () => {
    expect(
      serviceConsequence('logs', {
        needs: ['logs'],
        needSources: [
          {
            need: 'logs',
            reason:
              'container app logs through FireLens to the cloudwatch output',
            consequence: 'run-time',
          },
        ],
      }),
    ).toBe('run-time');
    expect(
      serviceConsequence('ssmmessages', { needs: ['exec'], needSources: [] }),
    ).toBe('run-time');
  });

  it('keeps the S3 gateway a start need when ECR uses it, whatever FireLens writes there', () => {
    const needs = {
      needs: ['ecr', 's3'],
      needSources: [
        { need: 'ecr', reason: 'container app pulls payments:1' },
        {
          need: 's3',
          reason: 'container log_router logs through FireLens to the s3 output',
          consequence: 'run-time' as const,
        },
      ],
    };
    expect(serviceConsequence('s3', needs)).toBe('start');
  });
});

describe('findingByConsequence', () => {
  const needs = {
    needs: ['ecr', 'xray'],
    needSources: [
      { need: 'ecr', reason: 'container app pulls payments:1' },
      {
        need: 'xray',
        reason:
          'container xray runs the X-Ray daemon, which sends traces to X-Ray',
      },
    ],
  };

  it('turns an error about a run-time need into a warning that says what fails', () => {
    const f = findingByConsequence(missing('xray'), needs);
    expect(f.severity).toBe('warning');
    expect(f.message).toMatch(
      /does not stop the task from starting: the task runs; the X-Ray daemon .* traces, which are lost\.$/,
    );
  });

  it('leaves errors about start needs, and findings without a service, as they are', () => {
    expect(findingByConsequence(missing('ecr.api'), needs)).toEqual(
      missing('ecr.api'),
    );
    const dns = { ...missing('xray'), service: undefined };
    expect(findingByConsequence(dns, needs)).toEqual(dns);
  });
});

describe('the rule catalogue', () => {
  it('documents every need with its consequence and its AWS page', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../README.md'),
      'utf8',
    );
    const rows = [
      ...readme.matchAll(
        /^\| `([a-z0-9-]+)` +\| (start|run time) +\| [^|]+\| \[AWS\]\(([^)]+)\) +\|/gm,
      ),
    ].map(m => [m[1], m[2].replace(' ', '-'), m[3]]);
    expect(rows.sort()).toEqual(
      Object.entries(NEED_CONSEQUENCES)
        .map(([need, c]) => [need, c.consequence, c.source])
        .sort(),
    );
  });
});
