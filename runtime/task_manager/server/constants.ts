// Mirrors x-pack/platform/plugins/shared/task_manager/server/constants.ts (elastic/kibana), as of Kibana 9.3: the maxConcurrency allow-list

/**
 * The only task types Task Manager lets declare `maxConcurrency`; any other throws at
 * `registerTaskDefinitions`. Kibana keeps the list short because each limited type is claimed
 * by its own query, which loads Elasticsearch. The same list in 9.3 and in main (2026).
 */
export const CONCURRENCY_ALLOW_LIST_BY_TASK_TYPE: readonly string[] = [
  // for testing
  'sampleTaskWithSingleConcurrency',
  'sampleTaskWithLimitedConcurrency',
  'timedTaskWithSingleConcurrency',
  'timedTaskWithLimitedConcurrency',
  'sampleTaskSharedConcurrencyType1',
  'sampleTaskSharedConcurrencyType2',

  // task types requiring a concurrency
  'report:execute',
  'report:execute-scheduled',
  'ad_hoc_run-backfill',
];
