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
