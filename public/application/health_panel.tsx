// One line at the top of the app: the health API's status, nodes, leader, due tasks and runs.
import { useEffect, useState } from 'react';
import { EuiCallOut, EuiPanel, EuiText, EuiTextColor } from '@elastic/eui';
import type { HttpStart } from '@kbn/core/public';
import { HEALTH_API_PATH, type BackgroundTasksHealth } from '../../common';

export interface HealthPanelProps {
  http: HttpStart;
  /** pause between reads, each after the previous one answered, in ms */
  refreshIntervalMs: number;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The report in one sentence: what an operator checks first. */
export function summarizeHealth(health: BackgroundTasksHealth): string {
  const { nodes, leader, due, runs } = health;
  const parts = [
    `${nodes.live} live node${nodes.live === 1 ? '' : 's'} (load ${nodes.load} of ${nodes.capacity})`,
    leader
      ? `leader ${leader.holder}, term ${leader.term}${leader.valid ? '' : ' (lease expired)'}`
      : 'no leader',
    `${due.count} due${due.count > 0 ? `, oldest ${seconds(due.drift_ms)} late` : ''}`,
    `${runs.per_minute} runs/min, ${runs.failed} failed in the last ${seconds(runs.window_ms)}`,
  ];
  return parts.join(' · ');
}

export function HealthPanel({ http, refreshIntervalMs }: HealthPanelProps) {
  const [health, setHealth] = useState<BackgroundTasksHealth>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const answer = await http.get<BackgroundTasksHealth>(HEALTH_API_PATH, {
          signal: controller.signal,
        });
        setHealth(answer);
        setError(undefined);
      } catch (caught) {
        if (controller.signal.aborted) return;
        setError(caught instanceof Error ? caught.message : String(caught));
      }
      if (!controller.signal.aborted) timer = setTimeout(load, refreshIntervalMs);
    };
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [http, refreshIntervalMs]);

  return (
    <section aria-label="Health">
      <EuiPanel paddingSize="s" hasBorder>
        {error ? (
          <EuiCallOut
            size="s"
            color="danger"
            iconType="error"
            title={`Health unavailable: ${error}`}
          />
        ) : health ? (
          <EuiText size="s">
            <p>
              <EuiTextColor color={health.status === 'OK' ? 'success' : 'danger'}>
                <strong>Health: {health.status}</strong>
              </EuiTextColor>{' '}
              · {summarizeHealth(health)}
            </p>
            {health.reason ? <p>{health.reason}</p> : null}
          </EuiText>
        ) : (
          <EuiText size="s" color="subdued">
            <p>Reading health…</p>
          </EuiText>
        )}
      </EuiPanel>
    </section>
  );
}
