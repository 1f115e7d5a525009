import { CONTEXT_DATA_LIMITS, contextDataProblem } from './context-data-limits';

function nested(depth: number): unknown {
  let value: unknown = {};
  for (let level = 1; level < depth; level++) {
    value = { child: value };
  }
  return value;
}

describe('contextDataProblem', () => {
  it('accepts JSON objects within the limits', () => {
    expect(contextDataProblem({ a: [1, { b: null }], c: 'x' })).toBeUndefined();
    expect(contextDataProblem(nested(CONTEXT_DATA_LIMITS.maxDepth))).toBeUndefined();
  });

  it('refuses anything but an object', () => {
    for (const value of [null, [], 'text', 3, true, undefined]) {
      expect(contextDataProblem(value)).toBe('data must be a JSON object');
    }
  });

  it('refuses documents nested too deep, arrays included', () => {
    expect(contextDataProblem(nested(CONTEXT_DATA_LIMITS.maxDepth + 1))).toMatch(/nested deeper/);
    let arrays: unknown = [];
    for (let level = 0; level < CONTEXT_DATA_LIMITS.maxDepth + 1; level++) {
      arrays = [arrays];
    }
    expect(contextDataProblem({ arrays })).toMatch(/nested deeper/);
  });

  it('refuses a document far deeper than the call stack without overflowing it', () => {
    expect(contextDataProblem(nested(200_000))).toMatch(/nested deeper/);
  });

  it('refuses documents over the size limit', () => {
    const big = { text: 'x'.repeat(CONTEXT_DATA_LIMITS.maxBytes) };
    expect(contextDataProblem(big)).toMatch(/bytes of JSON/);
  });

  it('refuses __proto__ keys, which would reach prototypes on merge', () => {
    expect(contextDataProblem(JSON.parse('{"a":{"__proto__":{"polluted":true}}}'))).toMatch(
      /__proto__/,
    );
  });

  it('refuses numbers beyond a double, which JSON text cannot hold', () => {
    expect(contextDataProblem(JSON.parse('{"x":[1e400]}'))).toMatch(/beyond the range/);
    expect(contextDataProblem({ x: Number.NaN })).toMatch(/beyond the range/);
  });
});
