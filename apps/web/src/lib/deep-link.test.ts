import { describe, expect, it } from 'vitest';
import { parseContextParam } from './deep-link';

describe('parseContextParam', () => {
  it('reads a JSON object', () => {
    const visit = { type: 'visit', visitId: 'v-7', schoolName: 'GHSS Pune' };
    expect(parseContextParam(JSON.stringify(visit))).toEqual(visit);
  });

  it('ignores what the server would refuse or what is not an object', () => {
    expect(parseContextParam(null)).toBeNull();
    expect(parseContextParam('not json')).toBeNull();
    expect(parseContextParam('[1,2]')).toBeNull();
    expect(parseContextParam('"visit"')).toBeNull();
    expect(parseContextParam(JSON.stringify({ type: 'visit', note: 'x'.repeat(2001) }))).toBeNull();
  });
});
