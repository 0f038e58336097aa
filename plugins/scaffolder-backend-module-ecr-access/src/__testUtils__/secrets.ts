// The secrets check lives in the test kit; this path stays for the tests that import it.
export {
  AWS_SECRET_ACCESS_KEY,
  expectNoSecrets,
  expectNothingSecretSaid,
  recordSaid,
  secretsOf,
  serialize,
} from '@ecr-access/test-utils';
