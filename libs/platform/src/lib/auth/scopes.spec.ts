import { isScope, scopeCovers, SCOPES, type Scope } from './scopes';

describe('scopeCovers', () => {
  // Each scope includes the ones before it: read < write < admin.
  const covers: Record<Scope, Scope[]> = {
    read: ['read'],
    write: ['read', 'write'],
    admin: ['read', 'write', 'admin'],
  };

  for (const granted of SCOPES) {
    for (const required of SCOPES) {
      const expected = covers[granted].includes(required);
      it(`${granted} ${expected ? 'covers' : 'does not cover'} ${required}`, () => {
        expect(scopeCovers(granted, required)).toBe(expected);
      });
    }
  }
});

describe('isScope', () => {
  it('knows exactly read, write and admin', () => {
    expect(SCOPES.filter(isScope)).toEqual(['read', 'write', 'admin']);
    for (const other of ['', 'Read', 'root', 'admin ']) {
      expect(isScope(other)).toBe(false);
    }
  });
});
