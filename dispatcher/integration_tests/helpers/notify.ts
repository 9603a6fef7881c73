// What a node sends the dispatcher after scheduling tasks due now: `POST /notify` with the push token.
import type { NotifiedTask } from '../../../common/push/notified_task';
import { DISPATCHER_NOTIFY_PATH } from '../../../common/push/push_protocol';
import { TEST_PUSH_TOKEN } from '../../../test_helpers/system';
import type { Dispatcher } from '../../src/dispatcher';

/** POSTs `body` to `dispatcher`'s notify endpoint with the push token. */
export function postNotify(dispatcher: Dispatcher, body: unknown): Promise<Response> {
  return fetch(dispatcher.url + DISPATCHER_NOTIFY_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_PUSH_TOKEN}` },
    body: JSON.stringify(body),
  });
}

/** Notifies `dispatcher` of `ids` (and of `tasks` as stored) and expects its 202. */
export async function notifyDispatcher(
  dispatcher: Dispatcher,
  ids: string[],
  tasks?: NotifiedTask[]
): Promise<void> {
  const response = await postNotify(dispatcher, { ids, ...(tasks ? { tasks } : {}) });
  expect(response.status).toBe(202);
}
