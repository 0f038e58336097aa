import { pollWithBackoff, retryWithBackoff } from './backoff';
import { canonicalPolicy } from './policyJson';

describe('canonical policy', () => {
  it('compares what IAM returns (URL-encoded, reordered, one-element lists) with what was sent', () => {
    const sent = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ecr:BatchGetImage'], Resource: 'arn:x' },
      ],
    };
    const returned = encodeURIComponent(
      JSON.stringify({
        Statement: {
          Resource: ['arn:x'],
          Action: 'ecr:BatchGetImage',
          Effect: 'Allow',
        },
        Version: '2012-10-17',
      }),
    );
    expect(canonicalPolicy(returned)).toBe(canonicalPolicy(sent));
    expect(canonicalPolicy({ ...sent, Version: '2008-10-17' })).not.toBe(
      canonicalPolicy(sent),
    );
  });
});

describe('backoff', () => {
  const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

  it('polls a bounded number of times', async () => {
    const attempt = jest.fn(async () => false);
    expect(await pollWithBackoff(attempt, fast)).toBe(false);
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('retries only what is retryable, and gives up with the last error', async () => {
    let n = 0;
    await expect(
      retryWithBackoff(
        async () => {
          n++;
          throw new Error(`try ${n}`);
        },
        () => true,
        fast,
      ),
    ).rejects.toThrow('try 3');
    n = 0;
    await expect(
      retryWithBackoff(
        async () => {
          n++;
          throw new Error('fatal');
        },
        () => false,
        fast,
      ),
    ).rejects.toThrow('fatal');
    expect(n).toBe(1);
  });
});
