// The dispatcher's HTTP surface, fuzzed: arbitrary methods, paths, credentials, content types and
// bodies against `/notify`, `/health` and `/metrics` of a leading dispatcher. No request gets a
// 5xx (but `GET /health` may say unhealthy with 503), a notify without the push token is refused
// before its body is read, a bad body is a 400, and the dispatcher still answers afterwards.
import fc from 'fast-check';
import { DISPATCHER_NOTIFY_PATH, PUSH_TOKEN_HEADER } from '../../common/push/push_protocol';
import { TEST_PUSH_TOKEN } from '../../test_helpers/system';
import { startOneNodeSystem, type OneNodeSystem } from './helpers/leader';

/** Requests per run. */
const NUM_RUNS = 600;
/** A fixed seed makes a failure reproducible; FUZZ_SEED explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 1702);

jest.setTimeout(180_000);

let system: OneNodeSystem;

beforeAll(async () => {
  // A poll far away: only a notify can start a task within the test.
  system = await startOneNodeSystem(
    'bt-http-fuzz',
    { id: 'fuzz-node', runMs: 10 },
    { poll: { interval_ms: 600_000 } }
  );
});

afterAll(() => system?.stop());

interface Request {
  method: string;
  path: string;
  auth: 'none' | 'bearer' | 'wrong' | 'header' | 'basic';
  contentType?: string;
  body?: string;
}

const idArb = fc.oneof(
  fc.constant('fuzz-due'),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 3000 })
);
const bodyArb = fc.oneof(
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.record({ ids: fc.array(idArb, { maxLength: 30 }) }).map((b) => JSON.stringify(b)),
  fc
    .record({
      ids: fc.oneof(fc.constant(null), fc.integer(), fc.array(fc.anything(), { maxLength: 5 })),
    })
    .map((b) => JSON.stringify(b)),
  fc
    .integer({ min: 1001, max: 1500 })
    .map((n) => JSON.stringify({ ids: Array.from({ length: n }, (_, i) => `many-${i}`) }))
);
const requestArb: fc.Arbitrary<Request> = fc.record(
  {
    // Weighted towards what can do something: a POST to /notify.
    method: fc.oneof(
      { arbitrary: fc.constant('POST'), weight: 6 },
      { arbitrary: fc.constant('GET'), weight: 2 },
      { arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), weight: 1 }
    ),
    path: fc.oneof(
      { arbitrary: fc.constant(DISPATCHER_NOTIFY_PATH), weight: 8 },
      { arbitrary: fc.constantFrom('/health', '/metrics'), weight: 2 },
      { arbitrary: fc.constantFrom('/', `${DISPATCHER_NOTIFY_PATH}/x`), weight: 1 },
      { arbitrary: fc.webPath(), weight: 1 }
    ),
    auth: fc.constantFrom('none', 'bearer', 'wrong', 'header', 'basic'),
    contentType: fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1'
    ),
    body: bodyArb,
  },
  { requiredKeys: ['method', 'path', 'auth'] }
);

function headersOf({ auth, contentType }: Request): Record<string, string> {
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
  if (auth === 'bearer') headers.authorization = `Bearer ${TEST_PUSH_TOKEN}`;
  if (auth === 'wrong') headers.authorization = 'Bearer not-the-token';
  if (auth === 'header') headers[PUSH_TOKEN_HEADER] = TEST_PUSH_TOKEN;
  if (auth === 'basic') headers.authorization = 'Basic ZWxhc3RpYzpjaGFuZ2VtZQ==';
  return headers;
}

it(`answers ${NUM_RUNS} fuzzed requests without a 5xx, refusing every notify it must`, async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requestArb, async (request) => {
      const hasBody = request.body !== undefined && !['GET', 'HEAD'].includes(request.method);
      const response = await fetch(`${system.dispatcher.url}${request.path}`, {
        method: request.method,
        headers: headersOf(request),
        ...(hasBody ? { body: request.body } : {}),
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const healthCheck = request.method === 'GET' && request.path === '/health';
      expect(response.status < 500 || (healthCheck && response.status === 503)).toBe(true);
      if (request.method === 'POST' && request.path === DISPATCHER_NOTIFY_PATH) {
        const authenticated = request.auth === 'bearer' || request.auth === 'header';
        // Without the token: 401 (none given) or 403 (a wrong one), whatever the body.
        if (!authenticated) expect([401, 403]).toContain(response.status);
        // With it: accepted (202) or a bad body named (400, 413 over the size limit, 415).
        else expect([202, 400, 413, 415]).toContain(response.status);
      }
    }),
    { numRuns: NUM_RUNS, seed: SEED }
  );
  console.log(
    `[http fuzzer] ${NUM_RUNS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`
  );
  const health = await fetch(`${system.dispatcher.url}/health`);
  expect(health.status).toBe(200);
});
