// Mirrors x-pack/platform/plugins/shared/task_manager/server/task_scheduling.ts (elastic/kibana): the types of its public API

import type { ConcreteTaskInstance } from './task';

export interface RunSoonResult {
  id: ConcreteTaskInstance['id'];
  forced: boolean;
}

export interface RunNowResult {
  id: ConcreteTaskInstance['id'];
  state?: ConcreteTaskInstance['state'];
}
