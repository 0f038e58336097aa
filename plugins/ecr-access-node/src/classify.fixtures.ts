/* Named cases of the classifier: each states the mechanism, the runtime identity, the health and the exact finding codes. */
import { ClassifyFixture } from './classify.fixtures.shared';
import { nodeRoleCases } from './classify.fixtures.nodeRole';
import { irsaCases } from './classify.fixtures.irsa';
import { pullRoleCases } from './classify.fixtures.pullRole';
import { malformedCases, secretCases } from './classify.fixtures.secrets';

export type { ClassifyFixture } from './classify.fixtures.shared';

export const CLASSIFY_FIXTURES: ClassifyFixture[] = [
  ...nodeRoleCases,
  ...irsaCases,
  ...pullRoleCases,
  ...secretCases,
  ...malformedCases,
];
