import { countdown, humanDuration, timeAgo } from './time';

describe('time helpers', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('says how long ago, with the largest unit that fits', () => {
    expect(timeAgo('2026-11-23T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-11-23T11:55:00Z', now)).toBe('5 minutes ago');
    expect(timeAgo('2026-11-23T11:59:00Z', now)).toBe('1 minute ago');
    expect(timeAgo('2026-11-20T12:00:00Z', now)).toBe('3 days ago');
    expect(timeAgo(undefined, now)).toBeUndefined();
    expect(timeAgo('garbage', now)).toBeUndefined();
  });

  it('counts down to the second', () => {
    expect(countdown(((11 * 60 + 4) * 60 + 9) * 1000)).toBe('11 h 04 min 09 s');
    expect(countdown(65_000)).toBe('1 min 05 s');
    expect(countdown(-5)).toBe('0 min 00 s');
    expect(humanDuration(36 * 3600 * 1000)).toBe('36 hours');
  });
});
