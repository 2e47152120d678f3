import { healthyIsolatedSnapshot } from '../testing/fixtures';
import { check } from './testReport';

const spec = (extra: Array<{ need: string; reason: string }>) => ({
  needs: ['ecr', 'logs', ...extra.map(s => s.need)],
  needSources: [
    { need: 'ecr', reason: 'container app pulls payments:1.4.2' },
    { need: 'logs', reason: 'container app uses the awslogs log driver' },
    ...extra,
  ],
});

describe('severity by consequence', () => {
  it('keeps a service whose X-Ray and ECS Exec endpoints are missing ready, with warnings', () => {
    const r = check(
      healthyIsolatedSnapshot(),
      spec([
        { need: 'xray', reason: 'container xray runs the X-Ray daemon' },
        { need: 'exec', reason: 'the service has ECS Exec turned on' },
      ]),
    );
    expect(r.verdict).toBe('ready');
    expect(r.findings.map(f => `${f.severity} ${f.rule} ${f.service}`)).toEqual(
      ['warning missing-endpoint xray', 'warning missing-endpoint ssmmessages'],
    );
    expect(r.endpoints.find(e => e.service === 'xray')!.checks.present).toBe(
      'warn',
    );
    expect(r.findings.find(f => f.service === 'ssmmessages')!.message).toMatch(
      /TargetNotConnectedException/,
    );
  });

  it('keeps a missing endpoint of a need declared without an AWS consequence an error', () => {
    const r = check(
      healthyIsolatedSnapshot(),
      spec([{ need: 'kms', reason: 'given explicitly' }]),
    );
    expect(r.verdict).toBe('not-ready');
    expect(r.findings.map(f => `${f.severity} ${f.service}`)).toEqual([
      'error kms',
    ]);
  });

  it('judges CloudWatch Logs by its strictest use: awslogs at start, a FireLens output at run time', () => {
    const snapshot = healthyIsolatedSnapshot();
    snapshot.endpoints = snapshot.endpoints.filter(
      e => !e.serviceName.endsWith('.logs'),
    );
    const firelensOnly = check(snapshot, {
      needs: ['ecr', 'logs'],
      needSources: [
        { need: 'ecr', reason: 'container app pulls payments:1.4.2' },
        {
          need: 'logs',
          reason:
            'container app logs through FireLens to the cloudwatch_logs output',
          consequence: 'run-time',
        },
      ],
    });
    expect(firelensOnly.verdict).toBe('ready');
    expect(firelensOnly.findings.map(f => f.severity)).toEqual(['warning']);
    const both = check(snapshot);
    expect(both.verdict).toBe('not-ready');
    expect(both.findings.map(f => f.severity)).toEqual(['error']);
  });
});
