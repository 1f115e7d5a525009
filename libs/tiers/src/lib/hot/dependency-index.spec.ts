import { DependencyIndex } from './dependency-index';

describe('DependencyIndex', () => {
  it('finds every item built from a key, whether one or many, and forgets removed ones', () => {
    const index = new DependencyIndex<{ name: string }>();
    const a = { name: 'a' };
    const b = { name: 'b' };
    const c = { name: 'c' };
    index.add(a, ['task:1', 'project:1', 'global']);
    index.add(b, ['project:1', 'global']);
    index.add(c, ['global']);
    expect(index.dependentsOf('task:1')).toEqual([a]);
    expect(index.dependentsOf('global')).toEqual([a, b, c]);
    index.remove(b, ['project:1', 'global']);
    expect(index.dependentsOf('project:1')).toEqual([a]);
    expect(index.dependentsOf('global')).toEqual([a, c]);
    index.remove(a, ['task:1', 'project:1', 'global']);
    expect(index.dependentsOf('task:1')).toEqual([]);
    expect(index.dependentsOf('global')).toEqual([c]);
  });
});
