// Schedules per second through the routes of a started push system: single (16 clients) vs `_bulk_schedule`.
import { Client } from '@elastic/elasticsearch';
import { parseArgs } from 'node:util';
import { E2E_TASK_TYPE, scheduleTasks } from '../scripts/system/e2e_workload';
import { startBenchSystem } from './push_vs_pull/systems';

const USAGE = `Usage: node --import tsx bench/schedule_rate.ts [--single 2000] [--clients 16] [--bulks 10] [--bulk-size 1000] [--bulk-clients 1]

Starts a push system (2 hosts + dispatcher) on ELASTICSEARCH_HOSTS and schedules tasks due in an
hour (so runs do not compete with scheduling) through POST tasks/{id}?schedule=true from
--clients concurrent clients, then through POST tasks/_bulk_schedule, --bulks requests of
--bulk-size tasks from --bulk-clients clients (round-robin over the hosts). Prints schedules/s of each as JSON.`;

const { values } = parseArgs({
  options: {
    single: { type: 'string', default: '2000' },
    clients: { type: 'string', default: '16' },
    bulks: { type: 'string', default: '10' },
    'bulk-size': { type: 'string', default: '1000' },
    'bulk-clients': { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});

async function bulkSchedule(url: string, ids: string[], runAt: string): Promise<void> {
  const response = await fetch(`${url}/internal/background_tasks/tasks/_bulk_schedule`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'kbn-xsrf': 'bench' },
    body: JSON.stringify({
      tasks: ids.map((id) => ({ id, type: E2E_TASK_TYPE, params: { ms: 0 }, runAt })),
    }),
  });
  const body = (await response.json()) as { tasks?: Array<{ status?: string }> };
  const scheduled = body.tasks?.filter(({ status }) => status === 'in_progress').length ?? 0;
  if (response.status !== 200 || scheduled !== ids.length) {
    throw new Error(
      `_bulk_schedule answered ${response.status}, ${scheduled}/${ids.length} scheduled`
    );
  }
}

async function main() {
  if (values.help) return console.log(USAGE);
  const [single, clients, bulks, bulkSize, bulkClients] = [
    values.single,
    values.clients,
    values.bulks,
    values['bulk-size'],
    values['bulk-clients'],
  ].map(Number);
  const esUrl = process.env.ELASTICSEARCH_HOSTS ?? 'http://127.0.0.1:9200';
  const es = new Client({ node: esUrl });
  const system = await startBenchSystem('push', es, esUrl, 'schedule-rate');
  try {
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    const nodes = system.nodes.map((node) => ({ url: node.url, recentOutput: () => [] }));
    const singleIds = Array.from({ length: single }, (_, i) => `single-${i}`);
    let started = performance.now();
    await scheduleTasks(nodes, singleIds, () => ({ params: { ms: 0 }, runAt }), clients);
    const singleSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    let next = 0;
    const bulkClient = async () => {
      for (let b = next++; b < bulks; b = next++) {
        const ids = Array.from({ length: bulkSize }, (_, i) => `bulk-${b}-${i}`);
        await bulkSchedule(nodes[b % nodes.length].url, ids, runAt);
      }
    };
    await Promise.all(Array.from({ length: bulkClients }, bulkClient));
    const bulkSeconds = (performance.now() - started) / 1000;
    console.log(
      JSON.stringify({
        single: { tasks: single, clients, perSecond: Math.round(single / singleSeconds) },
        bulk: {
          requests: bulks,
          size: bulkSize,
          perSecond: Math.round((bulks * bulkSize) / bulkSeconds),
        },
      })
    );
  } finally {
    await system.stop();
    await es.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
