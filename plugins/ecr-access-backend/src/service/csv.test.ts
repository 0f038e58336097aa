import { csvField, csvLine, CSV_HEADER } from './csv';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['@cmd', "'@cmd"],
    ['', ''],
  ])('writes %j as %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('csvLine', () => {
  it('writes one CRLF-terminated record per item, in the header order', () => {
    expect(CSV_HEADER).toBe(
      'entityRef,title,owner,health,mechanisms,findingCodes,clusters,stale,checkedAt,summary\r\n',
    );
    expect(
      csvLine({
        entityRef: 'component:default/web',
        kind: 'Component',
        namespace: 'default',
        name: 'web',
        health: 'warning',
        mechanisms: ['node-role', 'anonymous'],
        findingCodes: ['SECRET_MASKED_BY_NODE_ROLE'],
        clusters: ['prod', 'staging'],
        stale: true,
        checkedAt: '2026-11-23T10:00:00.000Z',
        summary: 'Pulls use the node role; pulls are anonymous',
      }),
    ).toBe(
      'component:default/web,,,warning,node-role anonymous,SECRET_MASKED_BY_NODE_ROLE,prod staging,true,2026-11-23T10:00:00.000Z,Pulls use the node role; pulls are anonymous\r\n',
    );
  });
});
