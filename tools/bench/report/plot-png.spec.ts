import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH, writeLineChartPng } from './plot-png';

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const describeWithChromium =
  existsSync(CHROMIUM_PATH) || process.env['CI'] ? describe : describe.skip;
if (!existsSync(CHROMIUM_PATH) && !process.env['CI']) {
  console.log(`SKIPPED: plot-png needs Chromium at ${CHROMIUM_PATH}`);
}

describeWithChromium('writeLineChartPng', () => {
  const directory = mkdtempSync(join(tmpdir(), 'plot-png-spec-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('renders a logarithmic line chart to a PNG of about the size asked for', async () => {
    const file = join(directory, 'chart.png');
    await writeLineChartPng(
      {
        title: 'cost by size',
        xLabel: 'entries',
        yLabel: 'ns',
        x: [1e3, 1e4, 1e5, 1e6],
        series: [
          { label: 'hit', values: [40, 45, 60, 90] },
          { label: 'miss', values: [30, 31, null, 33] },
        ],
        logX: true,
        logY: true,
        width: 400,
        height: 250,
      },
      file,
    );
    const { width, height } = pngSize(file);
    expect(width).toBeGreaterThanOrEqual(400);
    expect(width).toBeLessThan(500);
    expect(height).toBeGreaterThanOrEqual(250);
    expect(readFileSync(file).length).toBeGreaterThan(2000); // drawn, not blank
  }, 60_000);
});
