import type { RouteSecurity } from '@kbn/core/server';
import { checkRouteSecurity } from './check_route_security';

describe('checkRouteSecurity', () => {
  it('refuses a route without security, naming it', () => {
    expect(() => checkRouteSecurity(undefined, '[GET /api/x]')).toThrow(
      /\[GET \/api\/x\] has no security\.authz/
    );
  });

  it('refuses empty privileges and a disabled authz without a reason', () => {
    expect(() => checkRouteSecurity({ authz: { requiredPrivileges: [] } }, 'r')).toThrow(
      /must not be empty/
    );
    const noReason = { authz: { enabled: false, reason: '' } } as RouteSecurity;
    expect(() => checkRouteSecurity(noReason, 'r')).toThrow(/reason/);
  });

  it('accepts privileges or a reasoned opt-out', () => {
    expect(() => checkRouteSecurity({ authz: { requiredPrivileges: ['p'] } }, 'r')).not.toThrow();
    expect(() =>
      checkRouteSecurity({ authz: { enabled: false, reason: 'public' } }, 'r')
    ).not.toThrow();
  });
});
