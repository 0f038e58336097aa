import type {
  ContainerStatus,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { configuredMechanisms, inPlaceText, pullsInPlace } from './inPlace';

const container = (extra: Partial<ContainerStatus>): ContainerStatus => ({
  name: 'app',
  init: false,
  image: 'x',
  pullAuth: 'static-secret',
  findings: [],
  health: 'ok',
  ...extra,
});

const workload = (containers: ContainerStatus[]) =>
  ({ containers } as unknown as WorkloadStatus);

describe('pulls in a secret’s place', () => {
  const covered = container({
    effectivePullAuth: 'node-role',
    pullRoleArn: 'arn:aws:iam::111122223333:role/eks-node',
  });

  it('drops a mechanism that only covers for a broken secret from the headline', () => {
    expect(
      configuredMechanisms(
        ['node-role', 'static-secret'],
        [workload([covered])],
      ),
    ).toEqual(['static-secret']);
  });

  it('keeps it where another workload is configured with it', () => {
    expect(
      configuredMechanisms(
        ['node-role', 'static-secret'],
        [workload([covered]), workload([container({ pullAuth: 'node-role' })])],
      ),
    ).toEqual(['node-role', 'static-secret']);
  });

  it('keeps every mechanism of a status without container details', () => {
    expect(configuredMechanisms(['node-role'], [workload([])])).toEqual([
      'node-role',
    ]);
  });

  it('names who pulls in its place, once per pair', () => {
    expect(pullsInPlace([covered, covered]).map(inPlaceText)).toEqual([
      'Static secret does not work: the node role pulls in its place',
    ]);
    expect(
      pullsInPlace([
        container({
          pullAuth: 'rotating-secret',
          effectivePullAuth: 'service-account-role',
          pullRoleArn: 'arn:aws:iam::111122223333:role/web-pull',
        }),
        container({ effectivePullAuth: 'fargate-role' }),
      ]).map(inPlaceText),
    ).toEqual([
      'Rotating secret does not work: the IRSA role web-pull pulls in its place',
      'Static secret does not work: the Fargate pod execution role pulls in its place',
    ]);
  });
});
