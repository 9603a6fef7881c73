// The route fuzzer's requests: every task route and flag, with and without a space, from edge values.
import fc from 'fast-check';

const TASKS = '/internal/background_tasks/tasks';
const RUN_NOW = '/internal/background_tasks/_run_now';
/** The fixture plugin's registerTaskActionRoute route: task id `label-{label}`. */
const LABELS = '/internal/run_now_fixture/labels';
const ECHO = '/internal/background_tasks_example/echo';

/** One fuzzed request, and the task ids it may write under (checked when it is refused). */
export interface FuzzRequest {
  method: 'GET' | 'POST';
  /** without the space prefix */
  path: string;
  /** `/s/{space}`, or '' */
  spacePrefix: string;
  /** a JSON body (or raw text when `rawBody` is set) */
  body?: unknown;
  rawBody?: string;
  /** @defaultValue application/json when there is a body */
  contentType?: string | null;
  /** the push token header of `_run_now`: the right one, a wrong one, or none */
  pushToken?: 'right' | 'wrong' | 'none';
  /** task ids whose tracking and task documents a refused request must not have written */
  taskIds: string[];
}

const LONG = 'a'.repeat(5000);

/** Mostly `valid`, sometimes `fuzzed`: a request with one odd field reaches deeper than noise. */
function mostly<T, U>(valid: fc.Arbitrary<T>, fuzzed: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 7, arbitrary: valid }, { weight: 1, arbitrary: fuzzed });
}

/** Strings a route meets at its edges: empty, long, unicode, control characters, paths. */
export const edgeString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 250, maxLength: 700 }),
  fc.constantFrom('', ' ', 'null', '../x', '%00', '\u0000', 'é', '😀', '<b>', LONG, 'a/b', '?x=1')
);

/** Numbers at the edges of every bound the routes have. */
export const edgeNumber = fc.oneof(
  fc.integer({ min: -5, max: 12_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1.5, 1e12, 1e21, Number.MAX_SAFE_INTEGER, 1e308, 10_000, 10_001, 1000)
);

/** Any JSON value, of a wrong type where a route expects another. */
export const anyValue = fc.oneof(
  edgeString,
  edgeNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 })
);

/** Dates: ISO strings over the whole range of Date (years −271821 to 275760), and not dates. */
export const edgeDate = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom(
    '+010000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00Z',
    '2025-02-30T00:00:00Z',
    '2025-13-45',
    '1970-01-01',
    'tomorrow',
    ''
  ),
  anyValue
);

const interval = mostly(
  fc
    .tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom('s', 'm', 'h', 'd'))
    .map(([n, unit]) => `${n}${unit}`),
  fc.oneof(
    fc.constantFrom('99999999999999999999d', '999999999d', '1.5m', '5 minutes', '1e3s', '0s', '5w'),
    anyValue
  )
);

const rrule = fc.record(
  {
    freq: mostly(fc.integer({ min: 1, max: 4 }), fc.oneof(fc.constantFrom(0, 5, 1.5), anyValue)),
    interval: mostly(
      fc.integer({ min: 1, max: 400 }),
      fc.oneof(fc.constantFrom(1e12, 1e6, 1.5, 0, -1), anyValue)
    ),
    tzid: mostly(
      fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
      fc.oneof(fc.constantFrom('Not/AZone', 'utc', '', '+01:00'), anyValue)
    ),
    byweekday: mostly(
      fc.array(fc.constantFrom('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'), { maxLength: 3 }),
      fc.oneof(fc.constant(['XX']), fc.constant(['+1MO']), fc.constant(['mo']), anyValue)
    ),
    byhour: mostly(fc.array(fc.integer({ min: 0, max: 23 }), { maxLength: 3 }), anyValue),
    byminute: fc.array(fc.integer({ min: -1, max: 61 }), { maxLength: 3 }),
    bymonthday: fc.array(fc.integer({ min: 0, max: 32 }), { maxLength: 3 }),
    dtstart: fc.oneof(
      { weight: 7, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: edgeDate }
    ),
  },
  { requiredKeys: ['freq', 'interval', 'tzid'] }
);

const schedule = mostly(
  fc.oneof(fc.record({ interval }), fc.record({ rrule })),
  fc.oneof(fc.record({ interval, rrule }), anyValue)
);

/** Types a host knows (the fixture's and the example plugin's) and ones it does not. */
const taskType = mostly(
  fc.constantFrom('fixture:once', 'fixture:recurring', 'examples:sleep'),
  fc.oneof(fc.constant('nope:x'), edgeString)
);

const knownParams = fc.constantFrom({}, { label: 'x' }, { ms: 3_600_000 });

/** A schedule body: mostly well-formed with a fuzzed field or two, sometimes anything at all. */
const scheduleBody = mostly(
  fc.record(
    {
      type: taskType,
      params: mostly(
        knownParams,
        fc.oneof(fc.dictionary(edgeString, anyValue, { maxKeys: 3 }), anyValue)
      ),
      runAt: mostly(
        fc
          .date({ min: new Date('2000-01-01'), max: new Date('2999-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        edgeDate
      ),
      schedule,
    },
    { requiredKeys: ['type', 'params'] }
  ),
  anyValue
);

/** Valid-looking ids and the id alphabet's edges; a prefix makes every id unique to its request. */
const idPart = mostly(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,20}$/), edgeString);

/** At most one flag mostly; sometimes several, odd values or unknown keys. */
const flags = mostly(
  fc.constantFrom<Record<string, string>>(
    { schedule: 'true' },
    { schedule: 'true' },
    { cancel: 'true' },
    { acknowledge: 'true' },
    {},
    { schedule: 'false' }
  ),
  fc.record(
    {
      schedule: fc.oneof(fc.constantFrom('true', 'false'), edgeString),
      cancel: fc.constantFrom('true', 'false', 'maybe'),
      acknowledge: fc.constantFrom('true', 'false', '1'),
      other: edgeString,
    },
    { requiredKeys: [] }
  )
).map((query) => query as Record<string, string>);

const listQuery = fc.record(
  {
    page: mostly(
      fc.integer({ min: 1, max: 20 }).map(String),
      fc.oneof(edgeNumber.map(String), edgeString)
    ),
    perPage: mostly(
      fc.constantFrom('1', '20', '1000', '500').map(String),
      fc.oneof(edgeNumber.map(String), edgeString)
    ),
    type: mostly(fc.constantFrom('fixture:once', 'examples:sleep'), edgeString),
    status: mostly(
      fc.constantFrom('in_progress', 'stale', 'completed', 'failed'),
      fc.oneof(fc.constantFrom('nope', 'not_started'), edgeString)
    ),
  },
  { requiredKeys: [] }
);

const spacePrefix = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom('/s/space-a', '/s/default', '/s/a_b-1') },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(`/s/${LONG}`, '/s/UPPER', '/s/', '/s/é'),
      edgeString.map((s) => `/s/${s}`)
    ),
  }
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16'
    ),
  }
);

function query(params: Record<string, string>): string {
  const search = new URLSearchParams(params).toString();
  return search ? `?${search}` : '';
}

/**
 * Stands for the request's own number in its ids (`NONCE-{id}`): the runner replaces it in the
 * path, the body and `taskIds`, so a document found under one of them was written by it.
 */
export const NONCE = 'FZNONCE';

/** Every route the fuzzer calls, weighted towards the task routes. */
export function fuzzRequests(): fc.Arbitrary<FuzzRequest> {
  const unique = (part: string) => `${NONCE}-${part}`;
  const taskRoute = fc
    .record({
      id: idPart,
      method: fc.constantFrom<'GET' | 'POST'>('GET', 'POST', 'POST', 'POST'),
      flags,
      body: fc.option(scheduleBody, { nil: undefined }),
      rawBody: fc.oneof(
        { weight: 12, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('{', 'null', '[]', '"x"', 'type=fixture:once', LONG),
        }
      ),
      spacePrefix,
      contentType,
    })
    .map(({ id, method, flags: q, body, rawBody, spacePrefix: prefix, contentType: type }) => ({
      method,
      path: `${TASKS}/${encodeURIComponent(unique(id))}${method === 'POST' ? query(q) : ''}`,
      spacePrefix: prefix,
      ...(method === 'POST' ? (rawBody !== undefined ? { rawBody } : { body }) : {}),
      contentType: type,
      taskIds: [unique(id)],
    }));
  const list = fc.record({ q: listQuery, spacePrefix }).map(({ q, spacePrefix: prefix }) => ({
    method: 'GET' as const,
    path: `${TASKS}${query(q as Record<string, string>)}`,
    spacePrefix: prefix,
    taskIds: [],
  }));
  const runNow = fc
    .record({
      body: fc.oneof(
        fc.record({
          id: idPart.map(unique),
          type: taskType,
          claim: fc.record(
            { owner_id: edgeString, seq_no: edgeNumber, primary_term: edgeNumber },
            { requiredKeys: [] }
          ),
        }),
        anyValue
      ),
      pushToken: fc.constantFrom<'right' | 'wrong' | 'none'>('right', 'wrong', 'none'),
    })
    .map(({ body, pushToken }) => ({
      method: 'POST' as const,
      path: RUN_NOW,
      spacePrefix: '',
      body,
      pushToken,
      taskIds:
        typeof (body as { id?: unknown })?.id === 'string' ? [(body as { id: string }).id] : [],
    }));
  const label = fc
    .record({
      label: idPart,
      method: fc.constantFrom<'GET' | 'POST'>('GET', 'POST'),
      flags,
      body: fc.option(mostly(fc.record({ label: mostly(fc.constant('x'), anyValue) }), anyValue), {
        nil: undefined,
      }),
      spacePrefix,
    })
    .map(({ label: name, method, flags: q, body, spacePrefix: prefix }) => ({
      method,
      path: `${LABELS}/${encodeURIComponent(unique(name))}${method === 'POST' ? query(q) : ''}`,
      spacePrefix: prefix,
      ...(method === 'POST' ? { body } : {}),
      taskIds: [`label-${unique(name)}`],
    }));
  const echo = fc
    .record({
      body: fc.oneof(
        fc.record(
          { message: anyValue, times: fc.oneof(edgeNumber, anyValue) },
          { requiredKeys: [] }
        ),
        anyValue
      ),
      spacePrefix,
    })
    .map(({ body, spacePrefix: prefix }) => ({
      method: 'POST' as const,
      path: ECHO,
      spacePrefix: prefix,
      body,
      taskIds: [],
    }));
  return fc.oneof(
    { weight: 6, arbitrary: taskRoute },
    { weight: 2, arbitrary: list },
    { weight: 2, arbitrary: runNow },
    { weight: 2, arbitrary: label },
    { weight: 1, arbitrary: echo }
  );
}
