import { ConfigReader } from '@backstage/config';
import { readClusterConcurrency } from './auditConcurrency';

describe('readClusterConcurrency', () => {
  it('is unset by default and reads a whole number', () => {
    expect(readClusterConcurrency(new ConfigReader({}))).toBeUndefined();
    const config = new ConfigReader({ ecrAccess: { auditConcurrency: 2 } });
    expect(readClusterConcurrency(config)).toBe(2);
  });

  it.each([0, -1, 1.5, 'many'])('names the key of a bad value %j', value => {
    const config = new ConfigReader({ ecrAccess: { auditConcurrency: value } });
    expect(() => readClusterConcurrency(config)).toThrow(
      /ecrAccess\.auditConcurrency/,
    );
  });
});
