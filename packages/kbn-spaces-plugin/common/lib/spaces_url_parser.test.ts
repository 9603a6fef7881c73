import { addSpaceIdToPath, getSpaceIdFromPath } from './spaces_url_parser';

describe('getSpaceIdFromPath', () => {
  it('returns the default space when the path has no space identifier', () => {
    expect(getSpaceIdFromPath('/app/home')).toEqual({
      spaceId: 'default',
      pathHasExplicitSpaceIdentifier: false,
    });
    expect(getSpaceIdFromPath(null, null)).toEqual({
      spaceId: 'default',
      pathHasExplicitSpaceIdentifier: false,
    });
  });

  it('reads the space from an `/s/{space}` prefix', () => {
    expect(getSpaceIdFromPath('/s/marketing/app/home')).toEqual({
      spaceId: 'marketing',
      pathHasExplicitSpaceIdentifier: true,
    });
  });

  it('strips the server base path first', () => {
    expect(getSpaceIdFromPath('/kbn/s/ops_1/api', '/kbn')).toEqual({
      spaceId: 'ops_1',
      pathHasExplicitSpaceIdentifier: true,
    });
    expect(getSpaceIdFromPath('/s/ops/api', '/kbn').spaceId).toBe('ops');
  });

  it('does not accept upper case space ids', () => {
    expect(getSpaceIdFromPath('/s/Ops/api').spaceId).toBe('default');
  });
});

describe('addSpaceIdToPath', () => {
  it('adds the space identifier for a non-default space', () => {
    expect(addSpaceIdToPath('/kbn', 'ops', '/api/x')).toBe('/kbn/s/ops/api/x');
    expect(addSpaceIdToPath('/kbn/', 'ops', '/api/x')).toBe('/kbn/s/ops/api/x');
  });

  it('leaves the default space out of the path', () => {
    expect(addSpaceIdToPath('/kbn', 'default', '/api/x')).toBe('/kbn/api/x');
    expect(addSpaceIdToPath('/', 'default')).toBe('/');
    expect(addSpaceIdToPath()).toBe('/');
  });

  it('requires the requested path to start with a slash', () => {
    expect(() => addSpaceIdToPath('/', 'ops', 'api')).toThrow('path must start with a /');
  });
});
