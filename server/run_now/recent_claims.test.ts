import { RecentClaims } from './recent_claims';

describe('RecentClaims', () => {
  it('remembers claims by id and version, forgetting the oldest beyond its size', () => {
    const recent = new RecentClaims(2);
    recent.add(RecentClaims.key('a', 1, 1));
    recent.add(RecentClaims.key('b', 1, 1));
    expect(recent.has(RecentClaims.key('a', 1, 1))).toBe(true);
    expect(recent.has(RecentClaims.key('a', 2, 1))).toBe(false);
    recent.add(RecentClaims.key('c', 1, 1));
    expect(recent.has(RecentClaims.key('a', 1, 1))).toBe(false);
    expect(recent.has(RecentClaims.key('c', 1, 1))).toBe(true);
  });
});
