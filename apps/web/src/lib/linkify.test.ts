import { describe, expect, it } from 'vitest';
import { safeHref, tokenizeLinks } from './linkify';

describe('linkify', () => {
  it('links http, https, mailto and www', () => {
    expect(tokenizeLinks('see https://example.com/a?b=1, then')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', then' },
    ]);
    expect(tokenizeLinks('mail mailto:a@b.org')[1]).toEqual({ kind: 'link', text: 'mailto:a@b.org', href: 'mailto:a@b.org' });
    expect(tokenizeLinks('www.samvad.in.')[0]).toEqual({ kind: 'link', text: 'www.samvad.in', href: 'https://www.samvad.in/' });
  });
  it('never links dangerous schemes', () => {
    for (const text of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:msgbox']) {
      expect(tokenizeLinks(text)).toEqual([{ kind: 'text', text }]);
    }
    expect(safeHref('javascript:alert(1)')).toBeNull();
  });
  it('keeps markup as plain text', () => {
    const text = '<script>alert("x")</script> <a href="javascript:x">y</a>';
    expect(tokenizeLinks(text).every((s) => s.kind === 'text')).toBe(true);
    expect(
      tokenizeLinks(text)
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });
  it('does not treat a scheme glued to a word as a link', () => {
    expect(tokenizeLinks('xhttps://evil')).toEqual([{ kind: 'text', text: 'xhttps://evil' }]);
  });
  it('returns the whole text when there are no links', () => {
    expect(tokenizeLinks('hello')).toEqual([{ kind: 'text', text: 'hello' }]);
    expect(tokenizeLinks('')).toEqual([]);
  });
});
