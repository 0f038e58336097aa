import { ConfigReader } from '@backstage/config';
import { DEFAULT_AUDIT_SCHEDULE, readAuditSchedule } from './schedule';

describe('readAuditSchedule', () => {
  it('defaults to every 30 minutes', () => {
    expect(readAuditSchedule(new ConfigReader({}))).toEqual(
      DEFAULT_AUDIT_SCHEDULE,
    );
  });

  it('takes the configured frequency and keeps the default timeout', () => {
    const schedule = readAuditSchedule(
      new ConfigReader({
        ecrAccess: { schedule: { frequency: { minutes: 5 } } },
      }),
    );
    expect(schedule.frequency).toEqual({ minutes: 5 });
    expect(schedule.timeout).toEqual({ minutes: 10 });
  });

  it('replaces a default duration whole rather than merging units into it', () => {
    const schedule = readAuditSchedule(
      new ConfigReader({
        ecrAccess: {
          schedule: { frequency: { seconds: 2 }, timeout: { seconds: 30 } },
        },
      }),
    );
    expect(schedule.frequency).toEqual({ seconds: 2 });
    expect(schedule.timeout).toEqual({ seconds: 30 });
    expect(schedule.initialDelay).toEqual(DEFAULT_AUDIT_SCHEDULE.initialDelay);
  });

  it('takes cron and ISO forms', () => {
    const schedule = readAuditSchedule(
      new ConfigReader({
        ecrAccess: {
          schedule: { frequency: { cron: '*/5 * * * *' }, timeout: 'PT2M' },
        },
      }),
    );
    expect(schedule.frequency).toEqual({ cron: '*/5 * * * *' });
    expect(schedule.timeout).toEqual({ minutes: 2 });
  });

  it('names the key of a malformed duration', () => {
    expect(() =>
      readAuditSchedule(
        new ConfigReader({
          ecrAccess: { schedule: { frequency: { minutes: 'often' } } },
        }),
      ),
    ).toThrow(/ecrAccess\.schedule\.frequency/);
  });
});
