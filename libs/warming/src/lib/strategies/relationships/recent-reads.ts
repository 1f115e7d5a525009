import { BoundedMap } from '../../core/bounded-map';
import { chainIds, parseKey } from './context-chain';

interface RecentRead {
  at: number;
  userId?: string;
  json: string;
  /** The project of the context's chain, parsed from `json` when first asked. */
  projectId?: string | null;
}

/**
 * The resolved contexts read lately (bounded, least recent forgotten), with who read them: a
 * login's "recent contexts" and a project update's "active" contexts come from here.
 */
export class RecentReads {
  private readonly reads: BoundedMap<string, RecentRead>;

  constructor(capacity: number) {
    this.reads = new BoundedMap(capacity);
  }

  record(key: string, json: string, at: number, userId?: string): void {
    if (parseKey(key).context === undefined) {
      return;
    }
    this.reads.set(key, { at, json, ...(userId === undefined ? {} : { userId }) });
  }

  /** The user's contexts read since `since`, most recent first. */
  byUser(userId: string, since: number, limit: number): string[] {
    return this.newestFirst((_key, read) => read.userId === userId && read.at >= since, limit);
  }

  /** The branch and task contexts of the project read since `since`, most recent first. */
  underProject(projectId: string, since: number, limit: number): string[] {
    return this.newestFirst((key, read) => {
      if (read.at < since || parseKey(key).context === 'project') {
        return false;
      }
      read.projectId ??= chainIds(read.json).project ?? null;
      return read.projectId === projectId;
    }, limit);
  }

  private newestFirst(matches: (key: string, read: RecentRead) => boolean, limit: number) {
    const found: string[] = [];
    for (const [key, read] of this.reads) {
      if (matches(key, read)) {
        found.push(key);
      }
    }
    return found.reverse().slice(0, limit);
  }
}
