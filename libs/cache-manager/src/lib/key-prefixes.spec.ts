import { KeyPrefixes } from './key-prefixes';

describe('KeyPrefixes', () => {
  const prefixes = new KeyPrefixes('cm:');

  it('lists the root and every prefix of the key that ends at a separator', () => {
    expect(prefixes.dependenciesOf('keyv:users:42:name')).toEqual([
      'cm:',
      'cm:keyv:',
      'cm:keyv:users:',
      'cm:keyv:users:42:',
    ]);
    expect(prefixes.dependenciesOf('plain')).toEqual(['cm:']);
    expect(prefixes.dependenciesOf('a::b')).toEqual(['cm:', 'cm:a:', 'cm:a::']);
  });

  it('names a prefix to delete as the dependency its keys list, the root for everything', () => {
    expect(prefixes.dependencyOf('keyv:users:')).toBe('cm:keyv:users:');
    expect(prefixes.dependencyOf('')).toBe('cm:');
    expect(prefixes.tierKey('keyv:users:')).toBe('cm:keyv:users:');
  });

  it('refuses a prefix that ends inside a segment, and a root that does not end with one', () => {
    expect(() => prefixes.dependencyOf('keyv:us')).toThrow(RangeError);
    expect(() => new KeyPrefixes('cm')).toThrow(RangeError);
  });
});
