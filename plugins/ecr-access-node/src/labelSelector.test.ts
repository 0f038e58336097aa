import { matchesLabelSelector } from './labelSelector';

const labels = {
  app: 'web',
  tier: 'front',
  'backstage.io/kubernetes-id': 'web',
};

describe('matchesLabelSelector', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['tier in (front, back)', true],
    ['tier notin (front)', false],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['backstage.io/kubernetes-id=web', true],
    ['', false],
    ['app=(', false],
  ])('%j: %s', (selector, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });
});
