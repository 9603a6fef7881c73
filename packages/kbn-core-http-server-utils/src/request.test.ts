import { kibanaRequestFactory, isCoreKibanaRequest } from './request';

describe('kibanaRequestFactory', () => {
  it('builds a fake request from { headers, path }', () => {
    const headers = { authorization: 'ApiKey abc' };
    const request = kibanaRequestFactory({ headers, path: '/' });
    expect(request).toMatchObject({
      isFakeRequest: true,
      isSystemRequest: false,
      headers,
      params: {},
      query: {},
      body: {},
      auth: { isAuthenticated: false },
      route: { path: '/', method: 'get' },
    });
    expect(request.url.href).toBe('https://fake-request/url');
    expect(request.id).not.toBe(request.uuid);
    expect(isCoreKibanaRequest(request)).toBe(true);
  });
});
