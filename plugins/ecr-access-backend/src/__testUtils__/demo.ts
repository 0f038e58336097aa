// The demo's scenario, entities and app-config live in the test kit; this path stays for the
// tests that still import them.
export {
  DEMO_AWS_ACCOUNTS,
  DEMO_SCENARIO,
  EXAMPLES,
  demoEntities,
  sandboxAppConfig as sandboxConfig,
} from '@ecr-access/test-utils';
