import { iamConsoleRoleUrl, roleNameOf } from './iamConsole';

describe('iamConsoleRoleUrl', () => {
  it.each([
    [
      'arn:aws:iam::111122223333:role/irsa/irsa-payments-api',
      'https://console.aws.amazon.com/iam/home#/roles/details/irsa-payments-api',
    ],
    [
      'arn:aws-cn:iam::111122223333:role/web-pull',
      'https://console.amazonaws.cn/iam/home#/roles/details/web-pull',
    ],
    [
      'arn:aws-us-gov:iam::111122223333:role/web-pull',
      'https://console.amazonaws-us-gov.com/iam/home#/roles/details/web-pull',
    ],
  ])('links %s to its partition console', (arn, url) => {
    expect(iamConsoleRoleUrl(arn)).toBe(url);
  });

  it.each([
    'arn:aws:iam::111122223333:user/alice',
    'arn:aws-iso:iam::111122223333:role/x',
    'not an arn',
  ])('gives no link for %s', arn => {
    expect(iamConsoleRoleUrl(arn)).toBeUndefined();
  });

  it('names a role by the last segment of its path', () => {
    expect(roleNameOf('arn:aws:iam::111122223333:role/a/b/web-pull')).toBe(
      'web-pull',
    );
  });
});
