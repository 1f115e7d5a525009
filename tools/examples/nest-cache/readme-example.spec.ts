import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const EXAMPLE = 'tools/examples/nest-cache/prices.app.ts';

/** The README shows the example that typecheck compiles and prices.app.spec.ts runs, verbatim. */
describe("README's 'Use Strata's tiers in your own Nest app'", () => {
  it(`quotes ${EXAMPLE} as it is`, () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const quoted = new RegExp(
      `<!-- example: ${EXAMPLE} -->\\n\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\n\\n<!-- /example -->`,
    ).exec(readme);

    expect(quoted?.[1]).toBe(readFileSync(join(root, EXAMPLE), 'utf8'));
  });
});
