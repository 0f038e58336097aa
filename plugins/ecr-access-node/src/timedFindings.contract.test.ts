import {
  timedFindingMessage,
  wordTimed,
} from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from './classify';
import { CLASSIFY_FIXTURES } from './__fixtures__/classify';
import { NOW } from './__fixtures__/classify.builders';

/**
 * -common's `timedFindingMessage` rewords the ages this engine writes into finding messages
 * ("expires in 3 h", "last succeeded 20 h ago") by the reader's clock: it must recognise
 * every such phrase the engine writes, or a page would show a frozen age beside live ones.
 */
const AGE = /\b\d+ h ago\b|\bin \d+ h\b/;

describe("the engine's finding messages, timed for the reader's clock", () => {
  it('have every age they carry replaced by its instant', () => {
    const statuses = CLASSIFY_FIXTURES.flatMap(f =>
      classifyCluster(f.snapshot, f.iam, NOW),
    );
    const aged = statuses.flatMap(w =>
      w.findings.filter(f => AGE.test(f.message)).map(f => ({ f, w })),
    );
    // Not vacuous: the fixtures hold expired and expiring tokens and a failing refresher.
    expect([...new Set(aged.map(({ f }) => f.code))]).toEqual(
      expect.arrayContaining([
        'SECRET_EXPIRED',
        'SECRET_EXPIRES_SOON',
        'REFRESHER_FAILING',
      ]),
    );
    for (const { f, w } of aged) {
      const timed = timedFindingMessage(f, w);
      expect({ code: f.code, left: wordTimed(timed, NOW) === timed }).toEqual({
        code: f.code,
        left: false,
      });
      expect(timed).not.toMatch(AGE);
    }
  });
});
