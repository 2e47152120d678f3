import type { Finding } from './report';
import {
  endpointReasons,
  findingCommands,
  findingTitle,
  splitFix,
  verdictSummary,
} from './summary';

function finding(fields: Partial<Finding> & Pick<Finding, 'rule'>): Finding {
  return {
    severity: 'error',
    message: 'message',
    fix: 'fix',
    ...fields,
  };
}

describe('verdictSummary', () => {
  it('names each failing endpoint and route table of a not-ready report', () => {
    expect(
      verdictSummary({
        verdict: 'not-ready',
        needs: ['ecr'],
        unknown: [],
        findings: [
          finding({ rule: 'missing-endpoint', service: 'ecr.api' }),
          finding({
            rule: 's3-route-table-missing',
            service: 's3',
            resourceId: 'rtb-0priv1234567890ab',
          }),
          finding({
            rule: 'endpoint-az-gap',
            severity: 'warning',
            service: 'logs',
          }),
        ],
      }),
    ).toBe(
      'Not ready: no ecr.api endpoint; S3 route missing on rtb-0priv1234567890ab',
    );
  });

  it('names at most three problems and counts the rest', () => {
    const findings = ['ecr.api', 'ecr.dkr', 'logs', 'ssm', 'kms'].map(service =>
      finding({ rule: 'missing-endpoint', service }),
    );
    expect(
      verdictSummary({
        verdict: 'not-ready',
        needs: [],
        unknown: [],
        findings,
      }),
    ).toBe(
      'Not ready: no ecr.api endpoint; no ecr.dkr endpoint; no logs endpoint; and 2 more',
    );
  });

  it('says what could not be checked instead of passing', () => {
    expect(
      verdictSummary({
        verdict: 'unknown',
        needs: [],
        findings: [],
        unknown: [
          { check: 'security groups', rules: [], reason: 'AccessDenied' },
        ],
      }),
    ).toBe('Unknown: could not check security groups');
  });

  it('falls back to the catalogue title for a rule it has no words for', () => {
    expect(
      findingTitle(
        finding({ rule: 'some-future-rule' as Finding['rule'], service: 's3' }),
      ),
    ).toBe('Some-future-rule (s3)');
  });
});

describe('splitFix', () => {
  it('takes the quoted command out of the steps', () => {
    expect(
      splitFix(
        'Associate rtb-1 with vpce-1: VPC console → Endpoints → vpce-1 → Route tables → Manage route tables, or `aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-1 --add-route-table-ids rtb-1`.',
      ),
    ).toEqual({
      steps:
        'Associate rtb-1 with vpce-1: VPC console → Endpoints → vpce-1 → Route tables → Manage route tables.',
      commands: [
        'aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-1 --add-route-table-ids rtb-1',
      ],
    });
  });

  it('keeps the parenthesis a command sits in balanced', () => {
    expect(
      splitFix(
        "Turn on the public IP (ECS console → svc → Update → Networking → Public IP on, or `aws ecs update-service --network-configuration 'x'`), or move the tasks.",
      ).steps,
    ).toBe(
      'Turn on the public IP (ECS console → svc → Update → Networking → Public IP on), or move the tasks.',
    );
  });

  it('leaves a fix without a command alone', () => {
    expect(splitFix('Wait for vpce-1.')).toEqual({
      steps: 'Wait for vpce-1.',
      commands: [],
    });
  });

  it('prefers the finding cli field', () => {
    expect(
      findingCommands(
        finding({ rule: 'vpc-dns-disabled', cli: 'aws one\naws two', fix: '' }),
      ),
    ).toEqual(['aws one', 'aws two']);
  });
});

describe('verdictSummary beyond endpoints', () => {
  it('names an EFS volume without a mount target and a cross-account refusal in a few words', () => {
    expect(
      verdictSummary({
        verdict: 'not-ready',
        needs: ['ecr'],
        unknown: [],
        findings: [
          finding({
            rule: 'efs-mount-target-missing',
            resourceId: 'fs-0123456789abcdef0',
          }),
          finding({ rule: 'efs-nfs-blocked', resourceId: 'sg-0abc' }),
          finding({ rule: 'cross-account-image-denied' }),
        ],
      }),
    ).toBe(
      "Not ready: EFS fs-0123456789abcdef0 has no mount target in a task AZ; NFS to EFS blocked by sg-0abc; another account's repository refuses the image pull",
    );
  });
});

describe('endpointReasons', () => {
  it('gives the need sources of the endpoint need', () => {
    expect(
      endpointReasons(
        {
          needSources: [
            {
              need: 'logs',
              reason: 'container app uses the awslogs log driver',
            },
            { need: 'ecr', reason: 'image from private ECR' },
          ],
        },
        { need: 'logs', needed: true },
      ),
    ).toEqual(['container app uses the awslogs log driver']);
  });
});
