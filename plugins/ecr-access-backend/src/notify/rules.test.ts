import { AUDITED_AT, DEMO_STATUSES } from './__fixtures__/demoStatuses';
import { conditionsAt } from './conditions';
import { decide, type OpenCondition } from './decide';
import { raisedPayload, resolvedPayload } from './notificationPayloads';
import { NOTIFY_SEVERITIES } from './notifyConfig';
import { notifyFactsOf } from './notifyFacts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const LEASE = 5 * MIN;
const ALL = new Set(NOTIFY_SEVERITIES);

const factsOf = (name: keyof typeof DEMO_STATUSES) =>
  notifyFactsOf(DEMO_STATUSES[name], DEMO_STATUSES[name].summary);

const INVOICE_KEY = 'secret-expiry|prod-use1|billing/invoice-regcred';
const invoiceExpiresAt = Date.parse('2026-12-03T16:50:50.000Z');

describe('the facts the rules read of a stored status', () => {
  it('takes a static secret with its expiry, and nothing of a healthy rotating one', () => {
    expect(factsOf('invoice-renderer').secrets).toEqual([
      {
        cluster: 'prod-use1',
        namespace: 'billing',
        name: 'invoice-regcred',
        expiresAt: invoiceExpiresAt,
      },
    ]);
    expect(factsOf('health-check')).toMatchObject({
      secrets: [],
      refreshers: [],
    });
  });

  it('takes a rotating secret whose refresher fails, and the refresher finding', () => {
    const facts = factsOf('fraud-scorer');
    expect(facts.secrets).toEqual([
      expect.objectContaining({ cluster: 'prod-use1', name: 'fraud-regcred' }),
    ]);
    expect(facts.refreshers).toEqual([
      expect.objectContaining({
        cluster: 'prod-use1',
        code: 'REFRESHER_FAILING',
        subject: 'CronJob fraud/fraud-ecr-refresher',
        severity: 'error',
      }),
    ]);
    expect(facts).toMatchObject({ health: 'error', checked: true });
    expect(facts.unreadableClusters).toEqual(['edge-euw1']);
  });
});

describe('the conditions at an instant', () => {
  const keys = (
    name: keyof typeof DEMO_STATUSES,
    now: number,
    window: number,
  ) => conditionsAt(factsOf(name), now, window).active.map(c => c.key);

  it('holds a secret whose token expires within the window, and not before', () => {
    expect(keys('invoice-renderer', AUDITED_AT, HOUR)).toEqual([]);
    expect(keys('invoice-renderer', AUDITED_AT, 2 * HOUR)).toEqual([
      INVOICE_KEY,
    ]);
    const later = conditionsAt(
      factsOf('invoice-renderer'),
      invoiceExpiresAt - 54 * MIN,
      HOUR,
    );
    expect(later.active).toEqual([
      expect.objectContaining({
        key: INVOICE_KEY,
        severity: 'warning',
        headline:
          'pull secret billing/invoice-regcred on prod-use1 expires in 54 min',
      }),
    ]);
  });

  it('makes an expired token an error, with SECRET_EXPIRED remediation', () => {
    const [expired] = conditionsAt(
      factsOf('invoice-renderer'),
      invoiceExpiresAt + 3 * HOUR,
      HOUR,
    ).active;
    expect(expired).toMatchObject({
      severity: 'error',
      headline:
        'pull secret billing/invoice-regcred on prod-use1 expired 3 h ago',
      remediation: expect.stringMatching(/^ECR tokens live 12 hours/),
    });
  });

  it('holds the failing refresher and the entity in error, named by its first error', () => {
    const active = conditionsAt(
      factsOf('fraud-scorer'),
      AUDITED_AT,
      HOUR,
    ).active;
    expect(active.map(c => c.key)).toEqual([
      'secret-expiry|prod-use1|fraud/fraud-regcred',
      'refresher|prod-use1|REFRESHER_FAILING|CronJob fraud/fraud-ecr-refresher',
      'health-error|',
    ]);
    expect(active[2].headline).toMatch(/^in error: the /);
    const irsa = conditionsAt(
      {
        ...factsOf('fraud-scorer'),
        firstError: {
          code: 'SA_NOT_USED_BY_WORKLOAD',
          message: 'Deployment inventory/inventory-api runs as default',
          remediation: 'Set serviceAccountName.',
        },
      },
      AUDITED_AT,
      HOUR,
    ).active.find(c => c.key === 'health-error|');
    expect(irsa?.headline).toBe(
      'in error: an IRSA ServiceAccount exists but the workload runs as another one',
    );
    expect(active.every(c => c.remediation.length > 20)).toBe(true);
  });

  it('never calls gone what it could not read: unreachable clusters, unknown health, not checked', () => {
    const fraud = conditionsAt(factsOf('fraud-scorer'), AUDITED_AT, HOUR);
    expect(fraud.isKnownGone('secret-expiry|prod-use1|fraud/x')).toBe(true);
    expect(fraud.isKnownGone('secret-expiry|edge-euw1|fraud/x')).toBe(false);
    expect(fraud.isKnownGone('health-error|')).toBe(true);
    // health-check is `unknown` (edge-euw1 unread): whether it is still in error is unknown.
    const check = conditionsAt(factsOf('health-check'), AUDITED_AT, HOUR);
    expect(check.isKnownGone('health-error|')).toBe(false);
    const notChecked = conditionsAt(
      { ...factsOf('health-check'), checked: false, unreadableClusters: [] },
      AUDITED_AT,
      HOUR,
    );
    expect(notChecked.isKnownGone('secret-expiry|prod-use1|a/b')).toBe(false);
  });
});

describe('what to send', () => {
  const now = invoiceExpiresAt - 30 * MIN;
  const conditions = conditionsAt(factsOf('invoice-renderer'), now, HOUR);
  const open = (o: Partial<OpenCondition>): OpenCondition => ({
    entityRef: 'component:default/invoice-renderer',
    key: INVOICE_KEY,
    state: 'raised',
    claimedAtMs: now - HOUR,
    ...o,
  });
  const run = (o: OpenCondition[], severities = ALL, at = now) =>
    decide({ conditions, open: o, severities, now: at, leaseMs: LEASE });

  it('raises a new condition once: not again while it is recorded', () => {
    expect(run([]).raise.map(c => c.key)).toEqual([INVOICE_KEY]);
    expect(run([open({})])).toEqual({ raise: [], resolve: [], drop: [] });
    // Another replica is sending it right now.
    expect(
      run([open({ state: 'raising', claimedAtMs: now - MIN })]).raise,
    ).toEqual([]);
  });

  it('takes over a claim abandoned mid-send after the lease', () => {
    const abandoned = open({ state: 'raising', claimedAtMs: now - LEASE - 1 });
    expect(run([abandoned]).raise.map(c => c.key)).toEqual([INVOICE_KEY]);
  });

  it('sends only the configured severities: a warning waits until it is an error', () => {
    const errorsOnly = new Set(['error'] as const);
    expect(run([], errorsOnly).raise).toEqual([]);
    const expired = conditionsAt(
      factsOf('invoice-renderer'),
      invoiceExpiresAt + MIN,
      HOUR,
    );
    expect(
      decide({
        conditions: expired,
        open: [],
        severities: errorsOnly,
        now: invoiceExpiresAt + MIN,
        leaseMs: LEASE,
      }).raise.map(c => c.severity),
    ).toEqual(['error']);
  });

  it('resolves a raised condition that is gone, and only once its cluster was read', () => {
    const gone = open({ key: 'secret-expiry|prod-use1|billing/old' });
    expect(run([gone]).resolve).toEqual([gone]);
    const unread = open({ key: 'secret-expiry|edge-euw1|billing/old' });
    expect(run([unread]).resolve).toEqual([]);
    const resolving = open({ ...gone, state: 'resolving', claimedAtMs: now });
    expect(run([resolving]).resolve).toEqual([]);
    const stuck = { ...resolving, claimedAtMs: now - LEASE - 1 };
    expect(run([stuck]).resolve).toEqual([stuck]);
  });

  it('forgets without a word a claim abandoned before its send whose condition is gone', () => {
    const abandoned = open({
      key: 'secret-expiry|prod-use1|billing/old',
      state: 'raising',
      claimedAtMs: now - LEASE - 1,
    });
    expect(run([abandoned])).toMatchObject({ resolve: [], drop: [abandoned] });
  });
});

describe('the notifications', () => {
  const ref = 'component:default/invoice-renderer';
  const status = DEMO_STATUSES['invoice-renderer'];
  const [condition] = conditionsAt(
    factsOf('invoice-renderer'),
    invoiceExpiresAt - 30 * MIN,
    HOUR,
  ).active;

  it('carries the sentence, the remediation and a link to the entity', () => {
    expect(raisedPayload(ref, status.summary, condition)).toEqual({
      title:
        'invoice-renderer: pull secret billing/invoice-regcred on prod-use1 expires in 30 min',
      description: [
        'The ECR token in billing/invoice-regcred expires at 2026-12-03T16:50:50.000Z and no healthy refresher rewrites it.',
        `Now: ${status.summary}`,
        'What to do: Nothing rewrites this token before its 12-hour life ends. Add a refresher or stop using a pull secret for ECR.',
      ].join('\n'),
      link: '/catalog/default/component/invoice-renderer',
      severity: 'normal',
      topic: 'ecr-access',
      scope: `ecr-access:${ref}:${INVOICE_KEY}`,
    });
  });

  it('resolves in the same scope, so that it replaces the alert in the inbox', () => {
    const resolved = resolvedPayload(ref, status.summary, INVOICE_KEY);
    expect(resolved).toMatchObject({
      title:
        'Resolved: invoice-renderer: pull secret billing/invoice-regcred on prod-use1 no longer about to expire',
      severity: 'low',
      scope: raisedPayload(ref, status.summary, condition).scope,
    });
  });
});
