// `npm start -- --security`: the settings that put the hosts and the dispatcher on an Elasticsearch with security.
import { randomBytes } from 'node:crypto';
import type { ConfigObject } from '../../runtime/host/config/deep_object';
import { elasticAuthorization } from '../es/elasticsearch';
import type { DispatcherSections } from '../system/system_config';

export interface SecuredSettings {
  hosts: ConfigObject;
  dispatcher: DispatcherSections;
}

/**
 * The hosts authenticate with Elasticsearch (`server.authz.elasticsearch`), act internally as
 * `elastic`, and share one encryption key (a task scheduled on one runs on another). The
 * dispatcher pushes with an API key that holds only the dispatcher feature, in every space, as
 * an operator would make it in Kibana.
 */
export async function securedSettings(
  esUrl: string,
  elasticPassword: string
): Promise<SecuredSettings> {
  const response = await fetch(`${esUrl}/_security/api_key`, {
    method: 'POST',
    headers: {
      authorization: elasticAuthorization(elasticPassword),
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      name: 'background-tasks-dispatcher',
      role_descriptors: {
        dispatcher: {
          applications: [
            {
              application: 'kibana-.kibana',
              privileges: ['feature_backgroundTasksDispatcher.all'],
              resources: ['*'],
            },
          ],
        },
      },
    }),
  });
  if (!response.ok) {
    throw new Error(`Could not create the dispatcher's API key: ${await response.text()}`);
  }
  const { encoded } = (await response.json()) as { encoded: string };
  return {
    hosts: {
      'elasticsearch.username': 'elastic',
      'elasticsearch.password': elasticPassword,
      'server.authz.elasticsearch': true,
      'xpack.encryptedSavedObjects.encryptionKey': randomBytes(32).toString('hex'),
    },
    dispatcher: {
      elasticsearch: { username: 'elastic', password: elasticPassword },
      push: { api_key: encoded },
    },
  };
}
