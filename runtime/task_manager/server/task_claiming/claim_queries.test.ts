// Which clock the claim searches find due tasks by: Elasticsearch's unless a time is given.
import { buildClaimSearches } from './claim_queries';
import { TaskTypeDictionary } from '../task_type_dictionary';

const dueBounds = (searchAt?: Date) =>
  buildClaimSearches(new TaskTypeDictionary(), ['t'], 10, searchAt).map(
    (search) => JSON.stringify(search.query).match(/"lte":"([^"]+)"/)?.[1]
  );

describe('buildClaimSearches', () => {
  it("compares runAt and retryAt with Elasticsearch's now, as Kibana does", () => {
    expect(dueBounds()).toEqual(['now', 'now']);
  });

  it('compares them with the given time instead (tests that move the clock)', () => {
    const at = new Date('2026-03-29T07:30:00.000Z');
    expect(dueBounds(at)).toEqual([at.toISOString(), at.toISOString()]);
  });
});
