import { parseCommandLine, UsageError } from './args';

const ARN = 'arn:aws:ecs:eu-west-1:111111111111:service/prod/payments';
const NETWORK = [
  'check',
  '--region',
  'eu-west-1',
  '--vpc',
  'vpc-0a1b2c3d',
  '--subnets',
  'subnet-0a1b2c3d,subnet-1a2b3c4d',
  '--security-groups',
  'sg-0a1b2c3d',
];

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseCommandLine(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('reads an ECS service check, taking the region from the ARN', () => {
    expect(
      parseCommandLine([
        'check',
        '--ecs-service',
        ARN,
        '--needs',
        'kms',
        '--json',
      ]),
    ).toEqual({
      kind: 'ecs-service',
      region: 'eu-west-1',
      serviceArn: ARN,
      extraNeeds: ['kms'],
      json: true,
      maxAttempts: undefined,
      timeoutMs: undefined,
    });
  });

  it('reads a network check with lists, defaults needs to ecr,logs and public IP to off', () => {
    const command = parseCommandLine([
      ...NETWORK,
      '--images',
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/app:1',
    ]);
    expect(command).toMatchObject({
      kind: 'network',
      region: 'eu-west-1',
      vpcId: 'vpc-0a1b2c3d',
      subnetIds: ['subnet-0a1b2c3d', 'subnet-1a2b3c4d'],
      securityGroupIds: ['sg-0a1b2c3d'],
      needs: ['ecr', 'logs'],
      defaultNeeds: true,
      images: ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/app:1'],
      assignPublicIp: 'DISABLED',
      json: false,
    });
    expect(
      parseCommandLine([
        ...NETWORK,
        '--assign-public-ip',
        '--needs',
        'ecr,secretsmanager',
      ]),
    ).toMatchObject({
      assignPublicIp: 'ENABLED',
      needs: ['ecr', 'secretsmanager'],
      defaultNeeds: false,
    });
  });

  it('takes the region from AWS_REGION when --region is absent in network mode', () => {
    const argv = NETWORK.filter((_, i) => i !== 1 && i !== 2);
    expect(parseCommandLine(argv, { AWS_REGION: 'us-east-1' })).toMatchObject({
      region: 'us-east-1',
    });
    expect(usageError(argv)).toBe(
      '--region is required with --vpc (or set AWS_REGION)',
    );
  });

  it('reads the hub account with a role (path included) or a profile, in either mode', () => {
    const role =
      'arn:aws:iam::222222222222:role/platform/fargate-endpoints-reader';
    expect(
      parseCommandLine([
        'check',
        '--ecs-service',
        ARN,
        '--hub-account',
        '222222222222',
        '--hub-role-arn',
        role,
      ]),
    ).toMatchObject({ hub: { accountId: '222222222222', roleArn: role } });
    expect(
      parseCommandLine([
        ...NETWORK,
        '--hub-account',
        '222222222222',
        '--hub-profile',
        'landing-zone-hub',
      ]),
    ).toMatchObject({
      kind: 'network',
      hub: { accountId: '222222222222', profile: 'landing-zone-hub' },
    });
    expect(parseCommandLine([...NETWORK])).not.toHaveProperty('hub.accountId');
  });

  it('answers --help, check --help and --version', () => {
    expect(parseCommandLine(['--help'])).toEqual({
      kind: 'help',
      topic: 'main',
    });
    expect(parseCommandLine(['check', '--help'])).toEqual({
      kind: 'help',
      topic: 'check',
    });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [
      ['check', '--ecs-service', 'payments'],
      /^--ecs-service: "payments" is not an ECS service ARN; expected arn:<partition>:ecs:/,
    ],
    [
      ['check', '--ecs-service', ARN, '--region', 'us-east-1'],
      /^--region us-east-1 disagrees with the ARN's region eu-west-1; drop --region or fix the ARN$/,
    ],
    [
      ['check', '--ecs-service', ARN, '--vpc', 'vpc-0a1b2c3d'],
      /^--vpc cannot be combined with --ecs-service/,
    ],
    [
      ['check', '--ecs-service', ARN, '--needs', 'ecs'],
      /^--needs: need "ecs" is not used by Fargate tasks; remove it/,
    ],
    [
      ['check', '--ecs-service', ARN, '--needs', 'ecr.dkr'],
      /^--needs: need "ecr.dkr" is part of "ecr"; use "ecr" instead$/,
    ],
    [
      [...NETWORK.slice(0, 2), 'mars-north-1', ...NETWORK.slice(3)],
      /^--region: "mars-north-1" is not an AWS region/,
    ],
    [
      [...NETWORK.slice(0, 4), 'vpc-xyz', ...NETWORK.slice(5)],
      /^--vpc: "vpc-xyz" is not a VPC id; expected something like vpc-/,
    ],
    [
      [
        ...NETWORK.slice(0, 6),
        'subnet-0a1b2c3d,subnet-nope',
        ...NETWORK.slice(7),
      ],
      /^--subnets: "subnet-nope" is not a subnet id/,
    ],
    [
      [...NETWORK.slice(0, 8), 'sg-1'],
      /^--security-groups: "sg-1" is not a security group id/,
    ],
    [NETWORK.slice(0, 7), /^--security-groups is required with --vpc/],
    [
      [...NETWORK, '--needs', 'Bad Need'],
      /^--needs: unknown need "Bad Need": use one of ecr, logs/,
    ],
    [[...NETWORK, '--needs', ','], /^--needs: give a comma-separated list/],
    [
      [...NETWORK, '--max-attempts', '0'],
      /^--max-attempts: "0" must be a whole number from 1 to 20$/,
    ],
    [
      [...NETWORK, '--account-id', '123'],
      /^--account-id: "123" is not a 12-digit AWS account id$/,
    ],
    [
      [...NETWORK, '--colour'],
      /^unknown flag --colour; run "fargate-endpoints check --help"/,
    ],
    [[...NETWORK, '--json=yes'], /^--json is a switch and takes no value$/],
    [['check', '--vpc'], /^--vpc needs a value$/],
    [
      [...NETWORK, 'subnet-0a1b2c3d'],
      /^unexpected argument "subnet-0a1b2c3d"; lists are comma-separated/,
    ],
    [
      ['check'],
      /^check needs --ecs-service ARN, or --vpc with --subnets and --security-groups$/,
    ],
    [
      ['check', '--ecs-service', ARN, '--hub-profile', 'hub'],
      /^--hub-profile needs --hub-account ID: the hub account whose zones and endpoints it reads$/,
    ],
    [
      [...NETWORK, '--hub-account', '222222222222', '--hub-profile', 'my hub'],
      /^--hub-profile: "my hub" is not a profile name/,
    ],
    [
      [
        'check',
        '--ecs-service',
        'arn:aws-cn:ecs:cn-north-1:111111111111:service/prod/payments',
        '--hub-account',
        '222222222222',
        '--hub-role-arn',
        'arn:aws:iam::222222222222:role/reader',
      ],
      /^--hub-role-arn: the role is in partition aws, but cn-north-1 is in aws-cn; use arn:aws-cn:iam::\.\.\.$/,
    ],
    [
      [...NETWORK, '--hub-account', '222222222222', '--hub-role-arn', 'reader'],
      /^--hub-role-arn: "reader" is not an IAM role ARN; expected arn:<partition>:iam::<account>:role\/<name>$/,
    ],
    [['diagnose'], /^unknown command "diagnose"/],
    [[], /^missing command/],
  ])('rejects %j naming the flag and the fix', (argv, expected) => {
    expect(usageError(argv as string[])).toMatch(expected);
  });
});
