import { derivePushUrl } from './push_mode';

describe('derivePushUrl', () => {
  it('builds the URL from the server info, replacing a wildcard bind address', () => {
    expect(derivePushUrl({ name: 'n', protocol: 'http', hostname: 'kbn-1', port: 5601 })).toBe(
      'http://kbn-1:5601'
    );
    expect(derivePushUrl({ name: 'n', protocol: 'https', hostname: '0.0.0.0', port: 443 })).toBe(
      'https://127.0.0.1:443'
    );
    expect(derivePushUrl({ name: 'n', protocol: 'http', hostname: '::1', port: 80 })).toBe(
      'http://[::1]:80'
    );
  });
});
