import { getExcludedTaskTypes, matchesGlob } from './glob';

describe('exclude_task_types globs', () => {
  it('matches whole names with * and ?', () => {
    expect(matchesGlob('alerting:.es-query', 'alerting:*')).toBe(true);
    expect(matchesGlob('report:execute', 'report:execut?')).toBe(true);
    expect(matchesGlob('actions:.email', 'alerting:*')).toBe(false);
    expect(getExcludedTaskTypes(['a.b', 'a-b', 'c'], ['a.b', 'c*'])).toEqual(['a.b', 'c']);
  });
});
