#!/usr/bin/env node
// A database test that silently skips is a test that did not run. Backstage's TestDatabases
// skips an engine it cannot reach only when its variable is unset; this check makes a set but
// unreachable PostgreSQL stop the run before any test, with the reason. In CI (the caller's
// CI=true, which scripts/test keeps as ECR_ACCESS_CALLER_CI before setting CI for jest) an
// unset variable stops it too: the PostgreSQL-only suites (two replicas on one database, the
// database restarting) would otherwise be skipped and CI go green without them. Opting out is
// explicit: ECR_ACCESS_NO_SYSTEM_INSTALL=1 (scripts/system-deps.sh installs and starts no
// PostgreSQL) or ECR_ACCESS_SQLITE_ONLY=1.
import net from 'node:net';

const variable = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const value = process.env[variable];
if (!value) {
  const optOut = [
    'ECR_ACCESS_NO_SYSTEM_INSTALL',
    'ECR_ACCESS_SQLITE_ONLY',
  ].find(name => process.env[name]);
  const callerCi = process.env.ECR_ACCESS_CALLER_CI ?? process.env.CI;
  if (callerCi === 'true' && !optOut) {
    console.error(
      [
        `${variable} is not set and CI=true: the PostgreSQL-only tests would be skipped.`,
        'scripts/test starts PostgreSQL 15 on 127.0.0.1:5432 and sets it when it runs as root or',
        'with passwordless sudo and ECR_ACCESS_NO_SYSTEM_INSTALL is unset; otherwise set it to a',
        'server of yours (postgresql://user:password@host:5432), or run on SQLite only on',
        'purpose with ECR_ACCESS_SQLITE_ONLY=1 (or ECR_ACCESS_NO_SYSTEM_INSTALL=1).',
      ].join('\n'),
    );
    process.exit(1);
  }
  console.log(
    `${variable} is not set${
      optOut ? ` (${optOut})` : ''
    }: database tests run on SQLite only; the PostgreSQL-only suites are skipped`,
  );
  process.exit(0);
}
const url = new URL(value);
const port = Number(url.port || 5432);
const socket = net.connect({ host: url.hostname, port, timeout: 5000 });
socket.on('connect', () => {
  console.log(`PostgreSQL answers on ${url.hostname}:${port}`);
  socket.end();
});
const fail = reason => {
  console.error(
    `${variable} is set but PostgreSQL at ${url.hostname}:${port} is unreachable: ${reason}`,
  );
  process.exit(1);
};
socket.on('timeout', () => fail('timed out'));
socket.on('error', error => fail(error.message));
