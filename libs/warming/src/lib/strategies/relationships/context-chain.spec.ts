import { parseKey } from './context-chain';

describe('parseKey', () => {
  it('reads a resolved context key as its level and id, the id keeping its colons', () => {
    expect(parseKey('context:task:t1')).toEqual({ context: 'task', type: 'task', id: 't1' });
    expect(parseKey('context:branch:a:b')).toEqual({
      context: 'branch',
      type: 'branch',
      id: 'a:b',
    });
  });

  it('reads an entity key as its type and id', () => {
    expect(parseKey('task:t1')).toEqual({ type: 'task', id: 't1' });
    expect(parseKey('git_branch:a:b')).toEqual({ type: 'git_branch', id: 'a:b' });
  });

  it('reads a key without a level after `context:` as an entity key, and one without a colon as a type', () => {
    expect(parseKey('context:task')).toEqual({ type: 'context', id: 'task' });
    expect(parseKey('global')).toEqual({ type: 'global', id: '' });
  });
});
