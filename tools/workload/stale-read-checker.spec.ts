import { staleParts, VersionLedger, type ServedRead } from './stale-read-checker';

function entityRead(version: number): ServedRead {
  return {
    key: 'task:t1',
    shape: 'entity',
    json: JSON.stringify({ id: 't1', version, data: {} }),
    source: 'warm',
  };
}

function contextRead(versions: {
  global: number;
  project: number;
  branch: number;
  task: number;
}): ServedRead {
  return {
    key: 'context:task:t1',
    shape: 'context',
    json: JSON.stringify({
      level: 'task',
      id: 't1',
      data: {},
      chain: [
        { level: 'global', id: 'global', version: versions.global },
        { level: 'project', id: 'p1', version: versions.project },
        { level: 'branch', id: 'b1', version: versions.branch },
        { level: 'task', id: 't1', version: versions.task },
      ],
    }),
    source: 'hot',
  };
}

describe('staleParts', () => {
  it('flags an entity served at a version older than the last acknowledged write', () => {
    const ledger = new VersionLedger();
    ledger.acknowledge('task:t1', 3);
    expect(staleParts(entityRead(2), ledger)).toEqual([
      { key: 'task:t1', entity: 'task:t1', servedVersion: 2, expectedVersion: 3, source: 'warm' },
    ]);
  });

  it('accepts the acknowledged version, and the seeded version of an entity never written', () => {
    const ledger = new VersionLedger();
    expect(staleParts(entityRead(1), ledger)).toEqual([]);
    ledger.acknowledge('task:t1', 3);
    expect(staleParts(entityRead(3), ledger)).toEqual([]);
  });

  it('flags a resolved context whose chain holds an older ancestor', () => {
    const ledger = new VersionLedger();
    ledger.acknowledge('global', 2);
    ledger.acknowledge('git_branch:b1', 5);
    const stale = staleParts(contextRead({ global: 2, project: 1, branch: 4, task: 1 }), ledger);
    expect(stale).toEqual([
      {
        key: 'context:task:t1',
        entity: 'git_branch:b1',
        servedVersion: 4,
        expectedVersion: 5,
        source: 'hot',
      },
    ]);
  });

  it('never lowers what the ledger expects', () => {
    const ledger = new VersionLedger();
    ledger.acknowledge('project:p1', 4);
    ledger.acknowledge('project:p1', 2);
    expect(ledger.expected('project:p1')).toBe(4);
  });
});
