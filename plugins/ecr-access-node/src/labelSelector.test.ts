import { labelSelectorProblem, matchesLabelSelector } from './labelSelector';

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

describe('labelSelectorProblem', () => {
  it.each([
    'app=web',
    'app in (web, api),!legacy',
    'backstage.io/kubernetes-id=web',
    'tier!=',
  ])('%j parses', selector => {
    expect(labelSelectorProblem(selector)).toBeUndefined();
  });

  it.each([
    ['', 'it is empty'],
    ['app=(', 'unbalanced parentheses'],
    ['app in (web', 'unbalanced parentheses'],
    ['app=web,,tier=front', 'an empty requirement'],
    ['app=web tier=front', "'app=web tier=front' is not a label requirement"],
    ['app in ()', "'app in ()' has an invalid value list"],
    ['-app=web', "'-app=web' is not a label requirement"],
  ])('%j: %s', (selector, problem) => {
    expect(labelSelectorProblem(selector)).toContain(problem);
  });
});
