import { ForwardedError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { expectNoCanary } from '../secrets/canary';
import { capturingRootLogger } from './capturingLogger';

const canary = 'ECR_ACCESS_CANARY_0123456789abcdef';

/** An error as @kubernetes/client-node throws it: the response body as an enumerable field. */
function apiError(body: unknown) {
  return Object.assign(new Error('HTTP request failed'), {
    statusCode: 500,
    body,
  });
}

// The secret checks read what the capturing logger kept: a secret that Backstage's root logger
// would write out of an error must be in it too.
describe('capturingRootLogger', () => {
  it.each([
    ['an error body', () => apiError({ data: { token: canary } })],
    [
      'an SDK $response body (a Buffer)',
      () =>
        Object.assign(new Error('AccessDenied'), {
          $response: { statusCode: 403, body: Buffer.from(`<x>${canary}</x>`) },
        }),
    ],
    [
      'a cause (not enumerable)',
      () => new Error('audit failed', { cause: apiError(canary) }),
    ],
    [
      "a cause's message, two levels down",
      () =>
        new ForwardedError(
          'audit failed',
          new Error('listing failed', { cause: new Error(`bad ${canary}`) }),
        ),
    ],
  ])('keeps a secret in %s', (_, error) => {
    const { lines, logger } = capturingRootLogger();
    logger.child({ plugin: 'ecr-access' }).warn('audit failed', error());
    expect(() => expectNoCanary({ canary }, lines)).toThrow(/canary/);
  });

  it('keeps a secret in an error nested in metadata', () => {
    const { lines, logger } = capturingRootLogger();
    // The type says JSON; a caught error passed through `unknown` or `any` gets in anyway.
    const meta = { cluster: 'a', error: apiError(canary) } as unknown;
    logger.error('audit failed', meta as JsonObject);
    expect(() => expectNoCanary({ canary }, lines)).toThrow(/canary/);
  });

  it('keeps what an error says and survives a cycle', () => {
    const { lines, logger } = capturingRootLogger();
    const error = apiError('not found');
    Object.assign(error, { self: error });
    logger.info('read failed', error);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'read failed',
        meta: {
          error: expect.objectContaining({
            message: 'HTTP request failed',
            statusCode: 500,
            body: 'not found',
            self: '[Circular]',
          }),
        },
      }),
    ]);
    expect(() => expectNoCanary({ canary }, lines)).not.toThrow();
  });
});
