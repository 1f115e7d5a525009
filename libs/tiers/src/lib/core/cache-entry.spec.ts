import { entrySizeBytes, measuredSizeBytes } from './cache-entry';

describe('entrySizeBytes', () => {
  const entry = { key: 'task:ü', json: '{"name":"日本"}', dependencies: ['project:1', 'task:ü'] };

  it('counts the UTF-8 bytes of the key, the text and the dependency keys', () => {
    expect(measuredSizeBytes(entry)).toBe(7 + 17 + 9 + 7);
    expect(entrySizeBytes(entry)).toBe(measuredSizeBytes(entry));
  });

  it('takes the size an entry carries instead of counting again', () => {
    expect(entrySizeBytes({ ...entry, sizeBytes: 3 })).toBe(3);
  });
});
