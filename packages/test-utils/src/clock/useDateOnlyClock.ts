/**
 * Every timer jest can fake but `Date`: they stay real so that HTTP, the database pool, the
 * scheduler and the sandbox keep running while a test moves the date.
 */
const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/**
 * Fakes only `Date` for the enclosing describe block, from its first `beforeAll` to its
 * last `afterAll`; the test moves it with `jest.setSystemTime`. Call it before `useSandbox`,
 * so that the sandbox started after it reads the same clock as the code under test.
 */
export function useDateOnlyClock(): void {
  beforeAll(() => {
    jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], advanceTimers: true });
  });
  afterAll(() => jest.useRealTimers());
}
