import { expectNoCanary } from './canary';

const canary = 'ECR_ACCESS_CANARY_0123456789abcdef';
const b64 = (text: string) => Buffer.from(text).toString('base64');

// The shapes the sandbox writes (packages/sandbox/src/k8s/pullSecret.ts): an ECR-like token
// wrapping the canary, inside a .dockerconfigjson.
const token = b64(JSON.stringify({ payload: canary, version: '2' }));
const dockerConfigJson = b64(
  JSON.stringify({
    auths: {
      'x.dkr.ecr.us-east-1.amazonaws.com': {
        username: 'AWS',
        password: token,
        auth: b64(`AWS:${token}`),
      },
    },
  }),
);

describe('expectNoCanary', () => {
  it.each([
    ['the canary in a log line', `secret key is ${canary}`],
    ['the canary base64-encoded', { data: { token: b64(`x${canary}`) } }],
    ['the fake ECR token', { password: token }],
    ['the auth field', `auth=${b64(`AWS:${token}`)}`],
    ['a whole .dockerconfigjson', { '.dockerconfigjson': dockerConfigJson }],
  ])('fails on %s', (_, output) => {
    expect(() => expectNoCanary({ canary }, 'clean', output)).toThrow(
      /output 1: canary/,
    );
  });

  it('passes output that holds none of it', () => {
    expect(() =>
      expectNoCanary({ canary }, 'ECR_ACCESS_CANARY_', { a: b64('AWS:') }),
    ).not.toThrow();
  });
});
