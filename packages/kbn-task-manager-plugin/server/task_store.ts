// Mirrors x-pack/platform/plugins/shared/task_manager/server/task_store.ts (elastic/kibana): the types of its public API

import type { estypes } from '@elastic/elasticsearch';
import type { ConcreteTaskInstance, ConcreteTaskInstanceVersion } from './task';

export interface SearchOpts {
  search_after?: Array<number | string>;
  size?: number;
  sort?: estypes.Sort;
  query?: estypes.QueryDslQueryContainer;
  seq_no_primary_term?: boolean;
}

export interface FetchResult {
  docs: ConcreteTaskInstance[];
  versionMap: Map<string, ConcreteTaskInstanceVersion>;
}
