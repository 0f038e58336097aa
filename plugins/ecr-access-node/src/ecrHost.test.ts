import { ecrRepositoryArn, parseEcrHost, partitionOfRegion } from './ecrHost';

describe('parseEcrHost', () => {
  it.each([
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      'us-east-1',
      'aws',
      false,
      false,
    ],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      'us-gov-west-1',
      'aws-us-gov',
      true,
      false,
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      'cn-north-1',
      'aws-cn',
      false,
      false,
    ],
    ['123456789012.dkr-ecr.eu-west-1.on.aws', 'eu-west-1', 'aws', false, true],
    [
      '123456789012.dkr-ecr-fips.us-east-2.on.aws',
      'us-east-2',
      'aws',
      true,
      true,
    ],
    [
      '123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov',
      'us-iso-east-1',
      'aws-iso',
      false,
      false,
    ],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com:443',
      'us-east-1',
      'aws',
      false,
      false,
    ],
  ])('%s', (host, region, partition, fips, dualStack) => {
    expect(parseEcrHost(host)).toEqual(
      expect.objectContaining({
        kind: 'private',
        accountId: '123456789012',
        region,
        partition,
        fips,
        dualStack,
      }),
    );
  });

  it('recognises the public gallery', () => {
    expect(parseEcrHost('public.ecr.aws')).toEqual({
      kind: 'public',
      host: 'public.ecr.aws',
    });
  });

  it.each([
    ['docker.io'],
    ['12345.dkr.ecr.us-east-1.amazonaws.com'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.io'],
    ['123456789012.dkr-ecr.us-east-1.amazonaws.com'],
    ['123456789012.dkr.ecr.us-east-1.on.aws'],
    ['ecr.aws'],
  ])('does not take %s for ECR', host => {
    expect(parseEcrHost(host)).toBeUndefined();
  });

  it('builds repository ARNs', () => {
    expect(
      ecrRepositoryArn({
        partition: 'aws-cn',
        region: 'cn-north-1',
        accountId: '1',
        repository: 'a/b',
      }),
    ).toBe('arn:aws-cn:ecr:cn-north-1:1:repository/a/b');
    expect(partitionOfRegion('us-isob-east-1')).toBe('aws-iso-b');
  });
});
