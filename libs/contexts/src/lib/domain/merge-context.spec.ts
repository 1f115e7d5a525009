import { mergeContext } from './merge-context';

describe('mergeContext', () => {
  it('merges objects key by key, recursively', () => {
    expect(
      mergeContext({ a: 1, nested: { x: 1, y: 2 } }, { b: 2, nested: { y: 3, z: 4 } }),
    ).toEqual({ a: 1, b: 2, nested: { x: 1, y: 3, z: 4 } });
  });

  it('lets arrays and scalars of the more specific level replace', () => {
    expect(mergeContext({ list: [1, 2, 3], n: 1, s: 'a' }, { list: [9], n: 2, s: 'b' })).toEqual({
      list: [9],
      n: 2,
      s: 'b',
    });
    expect(mergeContext({ value: { deep: true } }, { value: 'flat' })).toEqual({ value: 'flat' });
    expect(mergeContext({ value: 'flat' }, { value: { deep: true } })).toEqual({
      value: { deep: true },
    });
  });

  it('removes an inherited key on an explicit null, at any depth', () => {
    expect(mergeContext({ a: 1, b: { c: 1, d: 2 } }, { a: null, b: { c: null } })).toEqual({
      b: { d: 2 },
    });
  });

  it('never lets nulls through, even where nothing was inherited', () => {
    expect(mergeContext({}, { gone: null, inner: { gone: null, kept: 1 } })).toEqual({
      inner: { kept: 1 },
    });
  });

  it('leaves both inputs untouched', () => {
    const base = { a: { b: 1 } };
    const override = { a: { c: 2 } };
    mergeContext(base, override);
    expect(base).toEqual({ a: { b: 1 } });
    expect(override).toEqual({ a: { c: 2 } });
  });
});
