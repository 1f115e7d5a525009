import { Inject, Injectable } from '@nestjs/common';
import { EntityRelations } from '@strata/contexts';
import type { Clock } from '@strata/tiers';
import type { RelationshipSettings, WarmingSettings } from '../../config/warming-config';
import { BoundedMap } from '../../core/bounded-map';
import type { WarmProposal } from '../../core/warming-strategy';
import { WARMING_CLOCK, WARMING_SETTINGS } from '../../warming.tokens';
import { chainIds, keys, parseKey } from './context-chain';
import { RecentReads } from './recent-reads';

const proposals = (found: readonly string[], priority: number, reason: string): WarmProposal[] =>
  found.map((key) => ({ key, priority, reason }));

/**
 * DESIGN §6's five relationship rules, each proposing under its own strategy name. A rule that
 * asks the source (project read, login, checkout) runs at most once per subject per cooldown, so
 * that a subject read often does not pay its relations' statements on every read.
 */
@Injectable()
export class RelationshipRules {
  readonly recent: RecentReads;
  private readonly settings: RelationshipSettings;
  private readonly lastRun: BoundedMap<string, number>;

  constructor(
    private readonly relations: EntityRelations,
    @Inject(WARMING_SETTINGS) settings: WarmingSettings,
    @Inject(WARMING_CLOCK) private readonly clock: Clock,
  ) {
    this.settings = settings.relationships;
    this.recent = new RecentReads(settings.relationships.rememberedReads);
    this.lastRun = new BoundedMap(settings.relationships.rememberedReads);
  }

  /** task read → its project, branch and assignees: read off what was served, no statement. */
  taskRead(key: string, json: string): WarmProposal[] {
    const { context } = parseKey(key);
    if (context === 'task') {
      const { project, branch } = chainIds(json);
      const found = [project && keys.project(project), branch && keys.branch(branch)];
      return proposals(
        found.filter((k): k is string => !!k),
        200,
        `related to ${key}, just read`,
      );
    }
    try {
      const task = JSON.parse(json) as { branchId?: string; assigneeIds?: string[] };
      const found = [
        ...(task.branchId === undefined ? [] : [keys.branch(task.branchId)]),
        ...(task.assigneeIds ?? []).map(keys.user),
      ];
      return proposals(found, 200, `related to ${key}, just read`);
    } catch {
      return [];
    }
  }

  /** project read → its branches, team members and recent tasks. */
  async projectRead(projectId: string): Promise<WarmProposal[]> {
    if (!this.due(`project-read:${projectId}`)) {
      return [];
    }
    const branches = await this.relations.branchesOf(projectId);
    const [members, tasks] = await Promise.all([
      this.relations.membersOf(projectId),
      this.relations.recentTasksOf(branches, this.settings.recentTasks),
    ]);
    const reason = `project ${projectId} read`;
    return [
      ...proposals(branches.map(keys.branchContext), 150, reason),
      ...proposals(tasks.map(keys.taskContext), 120, reason),
      ...proposals(members.map(keys.user), 100, reason),
    ];
  }

  /** login → the user's active projects, assigned tasks and recent contexts. */
  async login(userId: string): Promise<WarmProposal[]> {
    if (!this.due(`login:${userId}`)) {
      return [];
    }
    const [projects, tasks] = await Promise.all([
      this.relations.projectsOf(userId),
      this.relations.tasksAssignedTo(userId, this.settings.assignedTasks),
    ]);
    const since = this.clock.now() - this.settings.activeWithinMs;
    const recent = this.recent.byUser(userId, since, this.settings.recentContexts);
    const reason = `user ${userId} logged in`;
    return [
      ...proposals(recent, 600, reason),
      ...proposals(tasks.map(keys.taskContext), 550, reason),
      ...proposals(projects.map(keys.projectContext), 500, reason),
    ];
  }

  /** checkout → the branch's project, related tasks and the team's contexts. */
  async checkout(branchId: string): Promise<WarmProposal[]> {
    if (!this.due(`checkout:${branchId}`)) {
      return [];
    }
    const projectId = await this.relations.projectOfBranch(branchId);
    if (projectId === undefined) {
      return [];
    }
    const [tasks, members] = await Promise.all([
      this.relations.recentTasksOf([branchId], this.settings.recentTasks),
      this.relations.membersOf(projectId),
    ]);
    const reason = `branch ${branchId} checked out`;
    return [
      ...proposals([keys.projectContext(projectId)], 450, reason),
      ...proposals(tasks.map(keys.taskContext), 420, reason),
      ...proposals(members.map(keys.user), 400, reason),
    ];
  }

  /**
   * project updated → its branches' and active tasks' contexts resolved again. Called once the
   * write's invalidations finished, so every load starts after them: nothing older than the write
   * can be stored (a load an invalidation overtakes is dropped by the cache).
   */
  projectUpdated(projectId: string): WarmProposal[] {
    const since = this.clock.now() - this.settings.activeWithinMs;
    const active = this.recent.underProject(projectId, since, this.settings.rememberedReads);
    return proposals(active, 800, `project ${projectId} updated`);
  }

  private due(subject: string): boolean {
    const now = this.clock.now();
    const last = this.lastRun.get(subject);
    if (last !== undefined && now - last < this.settings.cooldownMs) {
      return false;
    }
    this.lastRun.set(subject, now);
    return true;
  }
}
