import type { Request, ResponseToolkit } from '@hapi/hapi';
import type { IClusterClient } from '@kbn/core/server';
import { loggerMock } from '@kbn/core/server/logging.mock';
import type { ElasticsearchSecurity } from '../security/elasticsearch_security';
import { ElasticsearchAuthorizer } from './authorize_with_elasticsearch';
import { handleRoute } from './handle_route';

/** A hapi toolkit that records the answer. */
function toolkit() {
  const answer: { body?: unknown; status?: number; headers: Record<string, string> } = {
    headers: {},
  };
  const response = {
    code: (status: number) => ((answer.status = status), response),
    header: (name: string, value: string) => ((answer.headers[name] = value), response),
  };
  const h = {
    response: (body: unknown) => ((answer.body = body), response),
  } as unknown as ResponseToolkit;
  return { h, answer };
}

function routeAuthorizedBy(
  authorize: () => Promise<never>,
  authorizer = { enabled: true, authorize } as unknown as ElasticsearchAuthorizer
) {
  const handler = jest.fn();
  const method = handleRoute(
    'get',
    {
      path: '/x',
      security: { authz: { requiredPrivileges: ['read'] } },
      validate: false,
    },
    handler,
    {
      authorizer,
      client: {} as IClusterClient,
      logger: loggerMock.create(),
      xsrfDisabled: false,
      spaceIdOf: () => 'default',
    }
  );
  return { method, handler };
}

const request = { headers: { authorization: 'Basic x' }, app: {} } as unknown as Request;

describe('handleRoute with Elasticsearch security', () => {
  it('answers 503 with Retry-After when Elasticsearch cannot be reached to authenticate', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { meta: {} });
    const { method, handler } = routeAuthorizedBy(() => Promise.reject(unreachable));
    const { h, answer } = toolkit();
    await method.call(null, request, h);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 500 when Elasticsearch answered with an error', async () => {
    const failed = Object.assign(new Error('boom'), { meta: { statusCode: 500 } });
    const { method, handler } = routeAuthorizedBy(() => Promise.reject(failed));
    const { h, answer } = toolkit();
    await method.call(null, request, h);
    expect(answer.status).toBe(500);
    expect(handler).not.toHaveBeenCalled();
  });

  it('challenges a request Elasticsearch does not recognise with Basic (the runtime has no login page)', async () => {
    const security = { authenticate: async () => null } as unknown as ElasticsearchSecurity;
    const { method, handler } = routeAuthorizedBy(
      () => Promise.reject(new Error('unused')),
      new ElasticsearchAuthorizer(security)
    );
    const { h, answer } = toolkit();
    await method.call(null, request, h);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Basic realm="kibana", charset="UTF-8"');
    expect(handler).not.toHaveBeenCalled();
  });
});
