// Task API keys at rest: which to decrypt on read, which to invalidate on removal.
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';

/**
 * How the store keeps the API keys of tasks scheduled with a request: encrypted at rest
 * (Encrypted Saved Objects), decrypted when read, invalidated when their task is removed.
 */
export interface TaskApiKeySecrets {
  encrypt(taskId: string, apiKey: string): Promise<string>;
  decrypt(taskId: string, encrypted: string): Promise<string>;
  /** Kibana: `security.authc.apiKeys.invalidateAsInternalUser` */
  invalidate(apiKeyIds: string[]): Promise<void>;
}

/** The key ids a removal must invalidate: the ones Task Manager created, not the user. */
export function apiKeyIdsToInvalidate(tasks: Array<ConcreteTaskInstance | undefined>): string[] {
  const ids = tasks.flatMap((task) =>
    task?.apiKey && task.userScope && !task.userScope.apiKeyCreatedByUser
      ? [task.userScope.apiKeyId]
      : []
  );
  return [...new Set(ids)];
}

/**
 * Tasks with their API key decrypted, as Kibana's `bulkGetAndMergeTasksWithDecryptedApiKey`;
 * a key that does not decrypt (the encryption key changed) is left out: the run then has no
 * credentials. Kibana: x-pack/platform/plugins/shared/task_manager/server/task_store.ts
 */
export async function withDecryptedApiKeys<T extends ConcreteTaskInstance | undefined>(
  secrets: TaskApiKeySecrets,
  tasks: T[]
): Promise<T[]> {
  return Promise.all(
    tasks.map(async (task) => {
      if (!task?.apiKey) return task;
      try {
        return { ...task, apiKey: await secrets.decrypt(task.id, task.apiKey) };
      } catch {
        const { apiKey: _undecryptable, ...rest } = task;
        return rest as T;
      }
    })
  );
}
