import { DependencyIndex } from './dependency-index';

describe('DependencyIndex', () => {
  it('finds every slot built from a key, whether one or many, and forgets removed ones', () => {
    const index = new DependencyIndex();
    const [a, b, c] = [0, 1, 2];
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

  it('removes only the slot it is told to, so a reused slot number is not confused with another', () => {
    const index = new DependencyIndex();
    index.add(5, ['project:1']);
    index.remove(6, ['project:1']);
    expect(index.dependentsOf('project:1')).toEqual([5]);
    index.remove(5, ['project:1']);
    index.add(5, ['project:2']);
    expect(index.dependentsOf('project:1')).toEqual([]);
    expect(index.dependentsOf('project:2')).toEqual([5]);
  });
});
