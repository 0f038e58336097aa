import type { Entity } from '@backstage/catalog-model';
import { isEcrAccessAvailable } from './conditions';

function component(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
  };
}

describe('isEcrAccessAvailable', () => {
  it.each([
    ['a kubernetes-id', { 'backstage.io/kubernetes-id': 'payments-api' }, true],
    [
      'a label selector',
      { 'backstage.io/kubernetes-label-selector': 'app=payments' },
      true,
    ],
    ['no annotations at all', undefined, false],
    [
      'only unrelated annotations',
      { 'backstage.io/techdocs-ref': 'dir:.' },
      false,
    ],
    ['a blank kubernetes-id', { 'backstage.io/kubernetes-id': '  ' }, false],
    [
      'only a namespace, which narrows but does not select',
      { 'backstage.io/kubernetes-namespace': 'payments' },
      false,
    ],
  ])('for an entity with %s is %s', (_case, annotations, expected) => {
    expect(isEcrAccessAvailable(component(annotations))).toBe(expected);
  });
});
