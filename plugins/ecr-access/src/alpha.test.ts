import ecrAccessPlugin from './alpha';
import { ecrAccessPlugin as legacyPlugin } from './plugin';

describe('ecr-access frontend plugin', () => {
  it('has the same plugin id in both frontend systems, matching the backend', () => {
    expect(ecrAccessPlugin.id).toBe('ecr-access');
    expect(legacyPlugin.getId()).toBe('ecr-access');
  });
});
