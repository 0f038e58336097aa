// The capturing logger lives in the test kit; this path stays for the tests that still import it.
export { capturingRootLogger, serializeForLog } from '@ecr-access/test-utils';
export type { LogLine } from '@ecr-access/test-utils';
