/**
 * One side of one benchmark size, in a process of its own so that its memory peaks are its
 * own: reads the job from BENCH_JOB, audits, prints `BENCH_RESULT <json>`.
 */
import { auditSetup } from './auditSetup';
import { runBaseline } from './baseline';
import { watchMemory } from './memory';
import { runOurs } from './ours';
import type { SideJob, SideResult } from './types';

async function main() {
  const job: SideJob = JSON.parse(process.env.BENCH_JOB ?? '');
  const memory = watchMemory();
  const setup = await auditSetup(job);
  const result =
    job.side === 'ours' ? await runOurs(setup) : await runBaseline(setup);
  const peaks = memory.stop();
  await setup.knex.destroy();
  const full: SideResult = { ...result, ...peaks };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(full)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
