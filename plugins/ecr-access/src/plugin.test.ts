import { ecrAccessPlugin } from './plugin';

describe('ecr-access', () => {
  it('should export plugin', () => {
    expect(ecrAccessPlugin).toBeDefined();
  });
});
