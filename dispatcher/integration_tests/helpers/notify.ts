// What a node sends the dispatcher after scheduling tasks due now: `POST /notify` with the push token.
import { DISPATCHER_NOTIFY_PATH } from '../../../common/push/push_protocol';
import { TEST_PUSH_TOKEN } from '../../../test_helpers/system';
import type { Dispatcher } from '../../src/dispatcher';

/** Notifies `dispatcher` of `ids` and expects its 202. */
export async function notifyDispatcher(dispatcher: Dispatcher, ids: string[]): Promise<void> {
  const response = await fetch(dispatcher.url + DISPATCHER_NOTIFY_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_PUSH_TOKEN}` },
    body: JSON.stringify({ ids }),
  });
  expect(response.status).toBe(202);
}
