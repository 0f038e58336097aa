/**
 * The benchmarks (`yarn bench`, entry point `cli.ts`): the ecr-access backend plugin, as an
 * installation runs it, driven over HTTP against the sandbox. Private, never published; it
 * imports only the plugins' public exports, the sandbox and the test kit.
 *
 * @packageDocumentation
 */
export {};
