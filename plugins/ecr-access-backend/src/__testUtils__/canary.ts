// The canary check lives in the test kit; this path stays for the tests that still import it.
export {
  expectNoCanary,
  secretForms as canaryForms,
} from '@ecr-access/test-utils';
