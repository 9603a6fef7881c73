// The chaos suite's own Elasticsearch (started on first use, on a fixed port and work folder so a
// scenario can stop it and bring the same node back with its data).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { startElasticsearch, type RunningElasticsearch } from '../es/elasticsearch';
import { TcpProxy } from '../system/tcp_proxy';
import type { OwnElasticsearch } from './chaos_run';

/** The suite's own Elasticsearch, started on first use. */
export function ownElasticsearchOnce(log: (line: string) => void) {
  let own: Promise<OwnElasticsearch> | undefined;
  let running: RunningElasticsearch | undefined;
  let workDir: string | undefined;
  const get = () =>
    (own ??= (async () => {
      workDir = await mkdtemp(join(tmpdir(), 'chaos-es-'));
      const port = await TcpProxy.freePort();
      log(`starting an Elasticsearch of the suite's own on port ${port}`);
      running = await startElasticsearch({ port, workDir });
      const url = running.url;
      return {
        url,
        client: new Client({ node: url }),
        stop: async () => {
          await running?.stop();
          running = undefined;
        },
        start: async () => {
          running = await startElasticsearch({ port, workDir });
        },
      };
    })());
  const close = async () => {
    if (!own) return;
    (await own.catch(() => undefined))?.client.close();
    await running?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  };
  return { get, close };
}
