import * as kibana from '@kbn/spaces-plugin/common';
import { DEFAULT_SPACE_ID, addSpaceIdToPath } from './default_space_id';

describe('the local copy of the spaces helpers', () => {
  it('names the default space as Kibana 9.3 does', () => {
    expect(DEFAULT_SPACE_ID).toBe(kibana.DEFAULT_SPACE_ID);
  });

  it.each([
    [undefined, undefined, undefined],
    ['/', 'default', '/app'],
    ['/', 'marketing', ''],
    ['/', 'marketing', '/api/tasks'],
    ['/kibana/', 'marketing', '/api/tasks'],
    ['/kibana', 'default', ''],
    ['', '', ''],
  ])('builds the same path as Kibana for (%p, %p, %p)', (basePath, spaceId, requestedPath) => {
    expect(addSpaceIdToPath(basePath, spaceId, requestedPath)).toBe(
      kibana.addSpaceIdToPath(basePath, spaceId, requestedPath)
    );
  });

  it('refuses a relative path, as Kibana does', () => {
    expect(() => addSpaceIdToPath('/', 'marketing', 'app')).toThrow('path must start with a /');
  });
});
