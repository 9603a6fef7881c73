// Integration-test access to the real Elasticsearch that `npm test` provisions.
import { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';

export function getEsUrl(): string {
  const url = process.env.ELASTICSEARCH_HOSTS?.split(',')[0];
  if (!url) {
    throw new Error('ELASTICSEARCH_HOSTS is not set: run integration tests through `npm test`');
  }
  return url;
}

export function createTestEsClient(): Client {
  return new Client({ node: getEsUrl() });
}

/** A lower-case, unique index name (or prefix) so parallel tests never share state. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`.toLowerCase();
}
