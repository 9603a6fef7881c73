// The chaos report's table (Markdown, so the README can quote it) and what counts as a problem.
import type { ScenarioResult } from './chaos_run';

/** Lost, ran twice, ran concurrently, stuck — and a scenario that failed or did not recover. */
export function problemsOf(result: ScenarioResult): number {
  const failedOrUnrecovered = result.recoverMs === null ? 1 : 0;
  return result.lost + result.ranTwice + result.concurrent + result.stuck + failedOrUnrecovered;
}

const seconds = (ms: number | null) => (ms === null ? '—' : (ms / 1000).toFixed(1));

export function formatTable(results: ScenarioResult[]): string {
  const header = [
    'scenario',
    'tasks',
    'lost',
    'ran twice',
    're-run after kill',
    'concurrent',
    'stuck',
    'recover (s)',
    'fault and measures',
  ];
  const rows = results.map((r) => [
    r.scenario,
    String(r.scheduled),
    String(r.lost),
    String(r.ranTwice),
    String(r.reRunAfterKill),
    String(r.concurrent),
    String(r.stuck),
    seconds(r.recoverMs),
    [
      r.fault,
      ...Object.entries(r.measures).map(([k, v]) => `${k} ${v}`),
      ...(problemsOf(r) > 0 ? r.notes.slice(0, 1) : []),
    ]
      .join('; ')
      .replace(/\|/g, '\\|')
      .replace(/\s+/g, ' '),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
