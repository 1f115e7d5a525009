import type { AlertRuleName, ObservabilityConfig, Severity } from '../config/observability-config';
import type { AlertObservation } from './alert-rules';

export type AlertState = 'firing' | 'resolved';

/** One alert as `GET /v1/cache/alerts` lists it. */
export interface Alert {
  rule: AlertRuleName;
  labels: Readonly<Record<string, string>>;
  severity: Severity;
  state: AlertState;
  /** When it entered its state: fired, or resolved. */
  since: string;
  /** The value at the last evaluation that breached (firing) or cleared (resolved) the threshold. */
  value: number;
  threshold: number;
  summary: string;
}

/** A state change, for the caller to log once. */
export interface AlertTransition {
  alert: Alert;
  from: AlertState | 'pending' | 'inactive';
}

interface Instance {
  alert?: Alert;
  /** Since when the condition has held without firing yet. */
  pendingSince?: number;
}

/** Resolved alerts kept for the list, oldest dropped first. */
const RESOLVED_KEPT = 100;

/**
 * The alerts' states, moved by each evaluation as Prometheus moves them: a breach holds for the
 * `for` duration (pending), then fires; the first evaluation that finds it cleared resolves it.
 * An instance no longer observed at all (its type gone) counts as cleared.
 */
export class AlertBook {
  private readonly instances = new Map<string, Instance>();

  constructor(private readonly config: Pick<ObservabilityConfig, 'alertForSeconds' | 'alerts'>) {}

  /** Applies one evaluation; returns the state changes it made. */
  evaluate(observations: readonly AlertObservation[], now: number): AlertTransition[] {
    const transitions: AlertTransition[] = [];
    const seen = new Set<string>();
    for (const observation of observations) {
      const key = instanceKey(observation);
      seen.add(key);
      const instance = this.instances.get(key) ?? {};
      this.instances.set(key, instance);
      const transition = observation.breached
        ? this.breached(instance, observation, now)
        : this.cleared(instance, observation, now);
      if (transition) transitions.push(transition);
    }
    for (const [key, instance] of this.instances) {
      if (!seen.has(key)) {
        instance.pendingSince = undefined;
        const { alert } = instance;
        if (alert?.state === 'firing') {
          transitions.push(this.resolve(instance, alert, alert.value, alert.summary, now));
        }
      }
    }
    this.dropOldResolved();
    return transitions;
  }

  /** Firing alerts first (most severe first), then resolved ones, most recent first. */
  list(): Alert[] {
    const rank = { critical: 0, warning: 1, info: 2 } as const;
    return [...this.instances.values()]
      .flatMap((instance) => (instance.alert ? [instance.alert] : []))
      .sort(
        (a, b) =>
          Number(a.state === 'resolved') - Number(b.state === 'resolved') ||
          (a.state === 'firing' ? rank[a.severity] - rank[b.severity] : 0) ||
          b.since.localeCompare(a.since),
      );
  }

  private breached(
    instance: Instance,
    observation: AlertObservation,
    now: number,
  ): AlertTransition | undefined {
    const { alert } = instance;
    if (alert?.state === 'firing') {
      instance.alert = { ...alert, value: observation.value, summary: observation.summary };
      return undefined;
    }
    instance.pendingSince ??= now;
    if (now - instance.pendingSince < this.config.alertForSeconds * 1000) {
      return undefined;
    }
    instance.pendingSince = undefined;
    instance.alert = {
      rule: observation.rule,
      labels: observation.labels,
      severity: this.config.alerts[observation.rule].severity,
      state: 'firing',
      since: new Date(now).toISOString(),
      value: observation.value,
      threshold: observation.threshold,
      summary: observation.summary,
    };
    return { alert: instance.alert, from: alert ? 'resolved' : 'inactive' };
  }

  private cleared(
    instance: Instance,
    observation: AlertObservation,
    now: number,
  ): AlertTransition | undefined {
    instance.pendingSince = undefined;
    const { alert } = instance;
    if (alert?.state !== 'firing') {
      return undefined;
    }
    return this.resolve(instance, alert, observation.value, observation.summary, now);
  }

  private resolve(
    instance: Instance,
    alert: Alert,
    value: number,
    summary: string,
    now: number,
  ): AlertTransition {
    instance.alert = {
      ...alert,
      state: 'resolved',
      since: new Date(now).toISOString(),
      value,
      summary,
    };
    return { alert: instance.alert, from: 'firing' };
  }

  private dropOldResolved(): void {
    const resolved = [...this.instances.entries()]
      .filter(([, instance]) => instance.alert?.state === 'resolved' && !instance.pendingSince)
      .sort(([, a], [, b]) => (a.alert?.since ?? '').localeCompare(b.alert?.since ?? ''));
    for (const [key] of resolved.slice(0, Math.max(0, resolved.length - RESOLVED_KEPT))) {
      this.instances.delete(key);
    }
  }
}

function instanceKey({ rule, labels }: Pick<AlertObservation, 'rule' | 'labels'>): string {
  const named = Object.keys(labels)
    .sort()
    .map((label) => `${label}=${labels[label]}`);
  return [rule, ...named].join(',');
}
