import { AcknowledgedWrites, taskVersionOf } from './acknowledged-writes';

describe('the stale-read check', () => {
  it("reads the task's version, the chain's last link, even when the data holds a version", () => {
    const body = JSON.stringify({
      level: 'task',
      id: 't1',
      data: { version: 99 },
      chain: [
        { level: 'global', id: 'global', version: 7 },
        { level: 'task', id: 't1', version: 3 },
      ],
    });
    expect(taskVersionOf(body)).toBe(3);
  });

  it('keeps the highest acknowledged version, whatever order the acknowledgements arrive in', () => {
    const writes = new AcknowledgedWrites();
    expect(writes.floor('t1')).toBe(0);
    writes.acknowledge('t1', 5);
    writes.acknowledge('t1', 4);
    expect(writes.floor('t1')).toBe(5);
    expect(writes.floor('t2')).toBe(0);
  });

  it('refuses an answer that has no version rather than counting it fresh', () => {
    expect(() => taskVersionOf('{"level":"task"}')).toThrow(/without a version/);
  });
});
