import { healthRank, severityToHealth, worstHealth } from './status';
import { createFinding } from './model';

describe('health ordering', () => {
  it('ranks error above unknown above warning above ok', () => {
    expect(healthRank('error')).toBeGreaterThan(healthRank('unknown'));
    expect(healthRank('unknown')).toBeGreaterThan(healthRank('warning'));
    expect(healthRank('warning')).toBeGreaterThan(healthRank('ok'));
  });

  it('takes the worst value', () => {
    expect(worstHealth([])).toBe('ok');
    expect(worstHealth(['ok', 'warning'])).toBe('warning');
    expect(worstHealth(['unknown', 'warning'])).toBe('unknown');
    expect(worstHealth(['unknown', 'error', 'ok'])).toBe('error');
  });

  it('maps info findings to ok health', () => {
    expect(severityToHealth('info')).toBe('ok');
    expect(severityToHealth('error')).toBe('error');
  });
});

describe('createFinding', () => {
  it('takes severity and remediation from the catalog unless overridden', () => {
    const f = createFinding('SECRET_EXPIRED', 'Secret a/b', 'expired');
    expect(f).toMatchObject({
      code: 'SECRET_EXPIRED',
      severity: 'error',
      subject: 'Secret a/b',
      message: 'expired',
    });
    expect(f.remediation).toMatch(/12 hours/);
    expect(
      createFinding('ECR_REGION_MISMATCH', 'x', 'y', 'error').severity,
    ).toBe('error');
  });
});
