import { cronMaxInterval, parseGoDuration } from './cron';

const H = 3600_000;

describe('cronMaxInterval', () => {
  it.each([
    ['0 */6 * * *', 6 * H],
    ['0 0,6,12,18 * * *', 6 * H],
    ['*/30 * * * *', 0.5 * H],
    ['0 */8 * * *', 8 * H],
    // Seed 002's schedule: runs at 0, 10 and 20 h, so the longest gap is 10 h (not 4).
    ['0 */10 * * *', 10 * H],
    ['0 0 * * *', 24 * H],
    ['@daily', 24 * H],
    ['@hourly', 1 * H],
    ['@weekly', 7 * 24 * H],
    ['@every 6h', 6 * H],
    // The autumn DST change makes one gap an hour longer.
    ['CRON_TZ=Europe/Paris 0 */6 * * *', 7 * H],
    ['TZ=UTC 0 9-17 * * 1-5', 3 * 24 * H - 8 * H],
    ['0 0 1 * *', 31 * 24 * H],
  ])('%s runs at most every %d ms', (schedule, ms) => {
    expect(cronMaxInterval(schedule)).toEqual(
      expect.objectContaining({ ok: true, maxIntervalMs: ms }),
    );
  });

  it('uses the CronJob timeZone field', () => {
    expect(cronMaxInterval('0 */6 * * *', 'America/New_York')).toEqual(
      expect.objectContaining({ ok: true, timeZone: 'America/New_York' }),
    );
  });

  it.each([
    ['not a cron'],
    ['0 */6 * *'],
    ['0 0 */6 * * *'],
    ['61 * * * *'],
    ['@every banana'],
    ['@fortnightly'],
    [''],
  ])('rejects %j', schedule => {
    const r = cronMaxInterval(schedule);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(schedule === '' ? 'empty' : schedule);
  });

  it('rejects non-strings', () => {
    expect(cronMaxInterval(42).ok).toBe(false);
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['1h', H],
    ['1h30m', 1.5 * H],
    ['90s', 90_000],
    ['0', 0],
  ])('%s', (text, ms) => expect(parseGoDuration(text)).toBe(ms));
  it.each([['1d'], ['h'], ['1h 2m'], ['']])('rejects %j', text =>
    expect(parseGoDuration(text)).toBeUndefined(),
  );
});
