#!/usr/bin/env node
// A database test that silently skips is a test that did not run. Backstage's TestDatabases
// skips an engine it cannot reach only when its variable is unset; this check makes a set but
// unreachable PostgreSQL stop the run before any test, with the reason.
import net from 'node:net';

const variable = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const value = process.env[variable];
if (!value) {
  console.log(`${variable} is not set: database tests run on SQLite only`);
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
