import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

/** The engine is pure: only these modules may be imported by non-test sources. */
const ALLOWED = ['@ecr-access/plugin-ecr-access-common', 'cron-parser'];

describe('the status engine has no I/O', () => {
  const sources = readdirSync(__dirname).filter(
    f => f.endsWith('.ts') && !f.includes('.test.') && !f.includes('fixture'),
  );

  it.each(sources.map(f => [f]))(
    '%s imports no HTTP, Kubernetes or AWS client',
    file => {
      const text = readFileSync(join(__dirname, file), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)]
        .map(m => m[1])
        .filter(m => !m.startsWith('.'));
      expect(imports.filter(m => !ALLOWED.includes(m))).toEqual([]);
      expect(text).not.toMatch(/Date\.now\(\)|new Date\(\)/);
    },
  );
});
