import type { Finding } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { diagnoseStoppedTasks } from './stoppedTasks';

const region = 'us-east-1';
const vpcCidrs = ['10.0.0.0/16'];
const task = (stoppedReason: string) => ({
  taskArn: 'arn:aws:ecs:us-east-1:111122223333:task/prod/0123',
  stoppedReason,
});

const REASONS = {
  ecrApiTimeout:
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 10.0.11.57:443: i/o timeout',
  ecrDkrTimeout:
    'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 111122223333.dkr.ecr.us-east-1.amazonaws.com/payments:1.4.2: failed to do request: Head "https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/payments/manifests/1.4.2": dial tcp 52.94.1.10:443: i/o timeout',
  layerTimeout:
    'CannotPullContainerError: failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/4d2c-111122223333-...": dial tcp 52.216.8.9:443: i/o timeout',
  layerPolicy:
    'CannotPullContainerError: failed to copy: httpReadSeeker: failed open: failed to open prod-us-east-1-starport-layer-bucket...: unexpected status code 403 Forbidden',
  asmTimeout:
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:db from secrets manager: RequestError: send request failed caused by: Post "https://secretsmanager.us-east-1.amazonaws.com/": dial tcp 10.0.12.8:443: i/o timeout',
  asmDenied:
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:db from secrets manager: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/exec is not authorized to perform: secretsmanager:GetSecretValue',
  ssmTimeout:
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestError: send request failed caused by: Post "https://ssm.us-east-1.amazonaws.com/": dial tcp 10.0.11.9:443: i/o timeout',
  logs: 'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post "https://logs.us-east-1.amazonaws.com/": dial tcp 10.0.11.20:443: i/o timeout',
  appExit: 'Essential container in task exited',
};

function f(
  rule: Finding['rule'],
  service?: string,
  resourceId = 'r-1',
  severity: Finding['severity'] = 'error',
): Finding {
  return {
    rule,
    severity,
    service,
    resourceId,
    message: 'm',
    fix: `fix ${rule}`,
  };
}

describe('diagnoseStoppedTasks', () => {
  it('recognises every start-up failure path of docs/domain.md#why-tasks-fail', () => {
    const paths = diagnoseStoppedTasks(
      Object.values(REASONS).map(task),
      [],
      region,
      { vpcCidrs },
    ).map(d => d.failingPath);
    expect(paths).toEqual([
      'ecr.api',
      'ecr.dkr',
      's3',
      's3-policy',
      'secretsmanager',
      'secretsmanager',
      'ssm',
      'logs',
      undefined,
    ]);
  });

  it('explains a timeout with the finding on its path', () => {
    const [d] = diagnoseStoppedTasks(
      [task(REASONS.ecrDkrTimeout)],
      [
        f('missing-endpoint', 'logs'),
        f('missing-endpoint', 'ecr.dkr', 'vpc-1'),
      ],
      region,
      { vpcCidrs },
    );
    expect(d.explainedBy).toEqual({
      rule: 'missing-endpoint',
      service: 'ecr.dkr',
      resourceId: 'vpc-1',
    });
    expect(d.hint).toMatch(
      /a public address, means DNS did not resolve to an endpoint/,
    );
  });

  it('prefers security group and NACL findings for a timeout to an address inside the VPC', () => {
    const findings = [
      f('endpoint-az-gap', 'ecr.api', 'vpce-1', 'warning'),
      f('private-dns-disabled', 'ecr.api', 'vpce-1'),
      f('endpoint-sg-blocks-tasks', 'ecr.api', 'sg-e'),
    ];
    const [d] = diagnoseStoppedTasks(
      [task(REASONS.ecrApiTimeout)],
      findings,
      region,
      { vpcCidrs },
    );
    expect(d.explainedBy).toEqual({
      rule: 'endpoint-sg-blocks-tasks',
      service: 'ecr.api',
      resourceId: 'sg-e',
    });
    expect(d.hint).toMatch(/inside the VPC, means DNS found the endpoint/);
  });

  it("blames the S3 endpoint policy only for the layer bucket's status code error", () => {
    const findings = [
      f('endpoint-policy-denies', 's3', 'vpce-s3'),
      f('s3-route-table-missing', 's3', 'rtb-1'),
    ];
    const [policy, timeout] = diagnoseStoppedTasks(
      [task(REASONS.layerPolicy), task(REASONS.layerTimeout)],
      findings,
      region,
      { vpcCidrs },
    );
    expect(policy.explainedBy).toMatchObject({
      rule: 'endpoint-policy-denies',
      service: 's3',
    });
    expect(timeout.explainedBy).toMatchObject({
      rule: 's3-route-table-missing',
      resourceId: 'rtb-1',
    });
  });

  it('uses a path-wide finding when no finding names the service', () => {
    const [d] = diagnoseStoppedTasks(
      [task(REASONS.logs)],
      [f('vpc-dns-disabled', undefined, 'vpc-1')],
      region,
      { vpcCidrs },
    );
    expect(d.explainedBy).toEqual({
      rule: 'vpc-dns-disabled',
      service: undefined,
      resourceId: 'vpc-1',
    });
  });

  it('points AccessDenied from Secrets Manager at IAM or the ARN, not the network', () => {
    const [d] = diagnoseStoppedTasks(
      [task(REASONS.asmDenied)],
      [f('missing-endpoint', 'secretsmanager')],
      region,
      { vpcCidrs },
    );
    expect(d.explainedBy).toBeUndefined();
    expect(d.failingPath).toBe('secretsmanager');
    expect(d.hint).toMatch(/IAM or a wrong ARN/);
  });

  it('gives a hint when nothing explains a network failure', () => {
    const [d] = diagnoseStoppedTasks([task(REASONS.ssmTimeout)], [], region, {
      vpcCidrs,
    });
    expect(d.explainedBy).toBeUndefined();
    expect(d.hint).toMatch(/ssm endpoint/);
    expect(d.hint).toMatch(/No current finding explains it/);
  });
});
