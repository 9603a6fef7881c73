// Readings of a dispatcher's Prometheus metrics, for the end-to-end suites.
import type { DispatcherProcess } from '../../../scripts/system/dispatcher_process';

/** The dispatcher's count of pushes with this outcome (e.g. `accepted`), from its metrics. */
export async function pushesOf(dispatcher: DispatcherProcess, outcome: string): Promise<number> {
  const text = await (await fetch(`${await dispatcher.url()}/metrics`)).text();
  const prefix = `background_tasks_dispatcher_pushes_total{outcome="${outcome}"} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.slice(prefix.length)) : 0;
}

/** A counter's value from Prometheus text, summed over its label sets. */
export async function metricValue(dispatcher: DispatcherProcess, name: string): Promise<number> {
  const text = await (await fetch((await dispatcher.url()) + '/metrics')).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name + ' ') || line.startsWith(name + '{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
