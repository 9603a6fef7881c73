// The node's stable id: read from `<path.data>/uuid`, created once, optionally pinned by `server.uuid`.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@kbn/core/server';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILE_NAME = 'uuid';

async function readStored(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') return undefined;
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * The same id across restarts with the same data folder, so Elasticsearch documents that name
 * this node (task ownership, heartbeats) stay valid; a configured uuid replaces the stored one.
 */
export async function resolveInstanceUuid(
  dataDir: string,
  configured: string | undefined,
  logger: Logger
): Promise<string> {
  const file = join(dataDir, FILE_NAME);
  const stored = await readStored(file);
  if (configured !== undefined && !UUID_PATTERN.test(configured)) {
    throw new Error(`[server.uuid]: "${configured}" is not a UUID`);
  }
  if (stored && !UUID_PATTERN.test(stored)) {
    throw new Error(`${file} holds "${stored}", which is not a UUID; remove it to get a new one`);
  }
  if (stored && (configured === undefined || configured === stored)) return stored;
  const uuid = configured ?? randomUUID();
  if (stored) logger.warn(`Replacing the stored node id ${stored} with server.uuid ${uuid}`);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, uuid, 'utf8');
  if (!stored) logger.info(`Created the node id ${uuid} in ${file}`);
  return uuid;
}
