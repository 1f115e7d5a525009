import { exceedsJsonNesting } from './json-nesting';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** `depth` arrays inside each other. */
const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('exceedsJsonNesting', () => {
  it.each([
    ['{}', 1],
    ['[]', 1],
    ['{"a":{"b":[1,{"c":2}]}}', 4],
    ['"plain"', 0],
    ['42', 0],
  ])('%s is nested %d deep', (text, depth) => {
    expect(exceedsJsonNesting(bytes(text), depth)).toBe(false);
    if (depth > 0) {
      expect(exceedsJsonNesting(bytes(text), depth - 1)).toBe(true);
    }
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\" ok', c: '\\\\' });
    expect(exceedsJsonNesting(bytes(text), 1)).toBe(false);
  });

  it('finds the depth of a body far deeper than any stack would allow, without recursing', () => {
    const text = bytes(arrays(1_000_000));
    expect(exceedsJsonNesting(text, 64)).toBe(true);
    expect(exceedsJsonNesting(text, 1_000_000)).toBe(false);
  });

  it('counts depth, not the number of brackets: siblings do not add up', () => {
    const siblings = `[${Array.from({ length: 10_000 }, () => '{}').join(',')}]`;
    expect(exceedsJsonNesting(bytes(siblings), 2)).toBe(false);
  });

  it('judges truncated and unbalanced text by what it opened', () => {
    expect(exceedsJsonNesting(bytes('[[[['), 3)).toBe(true);
    expect(exceedsJsonNesting(bytes(']]]][[['), 3)).toBe(false);
  });
});
