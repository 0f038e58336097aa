/**
 * One replica of the plugin in a process of its own (see forkReplica in replicas.ts): starts
 * the backend on the job's database, sends every log line and then `ready` to the parent, and
 * stops gracefully when told to. The parent kills it with SIGKILL to simulate a crash.
 */
import knexFactory from 'knex';
import { ReplicaJob, ReplicaMessage, startReplicaBackend } from './replicas';

async function main() {
  const job: ReplicaJob = JSON.parse(process.env.ECR_ACCESS_REPLICA_JOB ?? '');
  const send = (message: ReplicaMessage) => process.send?.(message);
  const knex = knexFactory({ client: 'pg', connection: job.databaseUrl });
  const { backend } = await startReplicaBackend({
    knex,
    config: job.config,
    onLine: line => send({ type: 'line', line }),
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') {
      backend
        .stop()
        .then(() => knex.destroy())
        .finally(() => process.exit(0));
    }
  });
  // The parent going away takes the replica with it.
  process.on('disconnect', () => process.exit(1));
  send({ type: 'ready' });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
