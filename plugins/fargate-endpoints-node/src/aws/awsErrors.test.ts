import {
  AccountCredentialsError,
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './awsErrors';

function sdkError(name: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`${name} message`), {
    name,
    $fault: 'client',
    $metadata: { attempts: 1 },
    ...extra,
  });
}

describe('describeAwsError', () => {
  it('names the IAM action that was denied', () => {
    expect(
      describeAwsError(
        sdkError('UnauthorizedOperation'),
        'ec2',
        'DescribeSecurityGroups',
      ),
    ).toBe(
      'UnauthorizedOperation: not authorized to perform ec2:DescribeSecurityGroups',
    );
    expect(
      describeAwsError(
        sdkError('AccessDeniedException'),
        'ecs',
        'DescribeServices',
      ),
    ).toBe(
      'AccessDeniedException: not authorized to perform ecs:DescribeServices',
    );
  });

  it('says throttling outlasted the retries', () => {
    const error = sdkError('RequestLimitExceeded', {
      $metadata: { attempts: 5 },
    });
    expect(describeAwsError(error, 'ec2', 'DescribeSubnets')).toBe(
      'throttled (RequestLimitExceeded) after 5 attempts',
    );
  });

  it('reports timeouts with the time allowed', () => {
    const error = Object.assign(
      new Error(
        '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 5000 ms requestTimeout.',
      ),
      { name: 'TimeoutError', $metadata: { attempts: 2 } },
    );
    expect(describeAwsError(error, 'ec2', 'DescribeSubnets')).toBe(
      'timed out after 5000 ms after 2 attempts',
    );
  });

  it('calls an unparseable body a malformed response', () => {
    const error = Object.assign(
      new Error(
        'Unexpected end of XML\n  Deserialization error: to see the raw response...',
      ),
      {
        $response: { statusCode: 200 },
      },
    );
    expect(describeAwsError(error, 'ec2', 'DescribeVpcEndpoints')).toBe(
      'malformed response from EC2',
    );
  });

  it('reports server errors with the status', () => {
    const error = sdkError('InternalError', {
      $fault: 'server',
      $metadata: { httpStatusCode: 500, attempts: 5 },
    });
    expect(describeAwsError(error, 'ec2', 'DescribeRouteTables')).toBe(
      'EC2 server error (InternalError, HTTP 500) after 5 attempts',
    );
  });

  it('never repeats an access key id from a message', () => {
    const error = sdkError('SomethingOdd', {
      message: 'key AKIAABCDEFGHIJKLMNOP was odd',
    });
    expect(describeAwsError(error, 'ec2', 'DescribeVpcs')).not.toContain(
      'AKIA',
    );
  });
});

describe('credential errors', () => {
  it('tells missing credentials from rejected ones', () => {
    expect(
      isMissingCredentialsError(
        Object.assign(new Error('x'), { name: 'CredentialsProviderError' }),
      ),
    ).toBe(true);
    expect(isRejectedCredentialsError(sdkError('AuthFailure'))).toBe(true);
    expect(isRejectedCredentialsError(sdkError('UnauthorizedOperation'))).toBe(
      false,
    );
  });
});

describe('AccountCredentialsError', () => {
  it('names the account and what STS said, not the call that needed the credentials', () => {
    const refused = new AccountCredentialsError(
      '222222222222',
      sdkError('AccessDenied', {
        message:
          'User: arn:aws:sts::111111111111:assumed-role/ci/AKIAABCDEFGHIJKLMNOP is not authorized to perform: sts:AssumeRole',
      }),
    );
    expect(describeAwsError(refused, 'route53', 'ListResourceRecordSets')).toBe(
      'could not get credentials for account 222222222222: AccessDenied: User: arn:aws:sts::111111111111:assumed-role/ci/<redacted> is not authorized to perform: sts:AssumeRole',
    );
  });

  it('gives the SDK message of a profile it could not resolve', () => {
    const missing = new AccountCredentialsError(
      '222222222222',
      Object.assign(
        new Error(
          'Could not resolve credentials using profile: [hub] in configuration/credentials file(s).',
        ),
        { name: 'CredentialsProviderError' },
      ),
    );
    expect(describeAwsError(missing, 'ec2', 'DescribeVpcEndpoints')).toBe(
      'could not get credentials for account 222222222222: Could not resolve credentials using profile: [hub] in configuration/credentials file(s).',
    );
  });
});
