/* Named cases of the classifier: each states the mechanism, the runtime identity, the health and the exact finding codes. */
import { ClassifyFixture } from './classify.shared';
import { nodeRoleCases } from './classify.nodeRole';
import { irsaCases } from './classify.irsa';
import { pullRoleCases } from './classify.pullRole';
import { secretCases } from './classify.secrets';
import { secretWriteCases } from './classify.secretWrites';
import { malformedCases } from './classify.malformed';
import { truthfulCases } from './classify.truthful';
import { nodesCases } from './classify.nodes';
import { podIdentityCases } from './classify.podIdentity';
import { pullThroughCacheCases } from './classify.pullThroughCache';
import { rolloutCases } from './classify.rollouts';

export type { ClassifyFixture } from './classify.shared';

export const CLASSIFY_FIXTURES: ClassifyFixture[] = [
  ...nodeRoleCases,
  ...irsaCases,
  ...pullRoleCases,
  ...secretCases,
  ...secretWriteCases,
  ...malformedCases,
  ...truthfulCases,
  ...nodesCases,
  ...podIdentityCases,
  ...pullThroughCacheCases,
  ...rolloutCases,
];
