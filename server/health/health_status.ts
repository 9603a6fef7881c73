// The health API's status rules: what turns the report `warn` or `error`, and the reason why.
import type {
  BackgroundTasksHealth,
  HealthStatus,
} from '../../common/health/background_tasks_health';
import type { HealthConfig } from './health_config_schema';

export type HealthFacts = Omit<BackgroundTasksHealth, 'status' | 'reason'>;

export interface HealthFinding {
  status: Exclude<HealthStatus, 'OK'>;
  reason: string;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;

/** No node to push to, or no leader to push: nothing due starts (push mode only). */
function pushFindings({ push, nodes, leader }: HealthFacts): HealthFinding[] {
  if (!push) return [];
  const findings: HealthFinding[] = [];
  if (nodes.live === 0) {
    findings.push({ status: 'error', reason: 'no live node: no Kibana node heartbeats' });
  }
  if (!leader) {
    findings.push({ status: 'error', reason: 'no dispatcher leader: no lease was ever written' });
  } else if (!leader.valid) {
    findings.push({
      status: 'error',
      reason: `no dispatcher leader: the lease of [${leader.holder}] (term ${leader.term}) expired at ${leader.expires_at}`,
    });
  }
  return findings;
}

/** The oldest due task is late past a threshold. */
function driftFindings({ due, task_types }: HealthFacts, config: HealthConfig): HealthFinding[] {
  const status =
    due.drift_ms >= config.drift_error_ms
      ? 'error'
      : due.drift_ms >= config.drift_warn_ms
        ? 'warn'
        : undefined;
  if (!status) return [];
  const threshold = status === 'error' ? config.drift_error_ms : config.drift_warn_ms;
  const worst = Object.entries(task_types).reduce<string | undefined>(
    (found, [type, stats]) =>
      stats.due.drift_ms > (found ? task_types[found].due.drift_ms : 0) ? type : found,
    undefined
  );
  return [
    {
      status,
      reason:
        `drift: ${due.count} due task(s) not started, the oldest${worst ? ` (${worst})` : ''} ` +
        `${seconds(due.drift_ms)} late (${status} at ${seconds(threshold)})`,
    },
  ];
}

/** A type whose recent runs mostly fail, once it ran often enough to tell. */
function failureFindings({ task_types }: HealthFacts, config: HealthConfig): HealthFinding[] {
  return Object.entries(task_types).flatMap(([type, { runs }]): HealthFinding[] => {
    const count = runs.completed + runs.failed;
    if (count < config.failure_min_runs || runs.failure_ratio === null) return [];
    const status =
      runs.failure_ratio >= config.failure_ratio_error
        ? 'error'
        : runs.failure_ratio >= config.failure_ratio_warn
          ? 'warn'
          : undefined;
    if (!status) return [];
    const minutes = Math.round(runs.window_ms / 6000) / 10;
    return [
      {
        status,
        reason: `failures: [${type}] failed ${runs.failed} of ${count} runs in the last ${minutes} min`,
      },
    ];
  });
}

/** Every rule that fires, worst first. */
export function healthFindings(facts: HealthFacts, config: HealthConfig): HealthFinding[] {
  const findings = [
    ...pushFindings(facts),
    ...driftFindings(facts, config),
    ...failureFindings(facts, config),
  ];
  return [
    ...findings.filter((f) => f.status === 'error'),
    ...findings.filter((f) => f.status === 'warn'),
  ];
}

/** The worst finding's status (OK with none), and every finding's reason. */
export function computeHealthStatus(
  facts: HealthFacts,
  config: HealthConfig
): { status: HealthStatus; reason?: string } {
  const findings = healthFindings(facts, config);
  if (findings.length === 0) return { status: 'OK' };
  return { status: findings[0].status, reason: findings.map((f) => f.reason).join('; ') };
}
