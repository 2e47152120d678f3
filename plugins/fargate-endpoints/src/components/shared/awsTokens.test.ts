import { splitAwsTokens } from './awsTokens';

function tokens(text: string): string[] {
  return splitAwsTokens(text)
    .filter(piece => piece.token)
    .map(piece => piece.text);
}

describe('splitAwsTokens', () => {
  it('keeps ids, image URIs, ARNs, service names, regions and AZs whole', () => {
    expect(
      tokens(
        'Not ready: S3 route missing on rtb-0efe9d4e7bf664bfc; vpce-0123456789abcdef0 in vpc-053a690d98a45f18f',
      ),
    ).toEqual([
      'rtb-0efe9d4e7bf664bfc',
      'vpce-0123456789abcdef0',
      'vpc-053a690d98a45f18f',
    ]);
    expect(
      tokens(
        'container app pulls 111122223333.dkr.ecr.eu-west-1.amazonaws.com/payments:1.4.2 via com.amazonaws.eu-west-1.ecr.api in eu-west-1a',
      ),
    ).toEqual([
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/payments:1.4.2',
      'com.amazonaws.eu-west-1.ecr.api',
      'eu-west-1a',
    ]);
    expect(
      tokens(
        'service arn:aws:ecs:eu-west-1:111111111111:service/shop/payments-api.',
      ),
    ).toEqual(['arn:aws:ecs:eu-west-1:111111111111:service/shop/payments-api']);
  });

  it('gives back the text unchanged when joined', () => {
    const text =
      'EFS fs-0a1b2c3d4e5f60718 has no mount target in eu-west-1b, sg-0a1b2c3d';
    expect(
      splitAwsTokens(text)
        .map(piece => piece.text)
        .join(''),
    ).toBe(text);
  });

  it('leaves words with hyphens alone', () => {
    expect(
      tokens('the pull-through cache of a cross-account image, vpc-endpoints'),
    ).toEqual([]);
  });
});
