/* Named cases of the classifier: each states the mechanism, the runtime identity, the health and the exact finding codes. */
import { ClassifyFixture } from './classify.fixtures.shared';
import { nodeRoleCases } from './classify.fixtures.nodeRole';
import { irsaCases } from './classify.fixtures.irsa';
import { pullRoleCases } from './classify.fixtures.pullRole';
import { secretCases } from './classify.fixtures.secrets';
import { malformedCases } from './classify.fixtures.malformed';
import { truthfulCases } from './classify.fixtures.truthful';

export type { ClassifyFixture } from './classify.fixtures.shared';

export const CLASSIFY_FIXTURES: ClassifyFixture[] = [
  ...nodeRoleCases,
  ...irsaCases,
  ...pullRoleCases,
  ...secretCases,
  ...malformedCases,
  ...truthfulCases,
];
