// Turns a log record into one output line: a readable pattern, or a JSON object per line.
import type { LogRecord } from '@kbn/core/server';
import { redact, redactText } from './redact';

function errorFields(error: Error) {
  return { message: redactText(error.message), type: error.name, stack_trace: error.stack };
}

/** The ECS version Kibana 9.x's JSON layout declares. */
const ECS_VERSION = '8.11.0';

/**
 * JSON line in the shape of Kibana's JSON layout (ECS field names; mirrors
 * src/core/packages/logging/server-internal/src/layouts/json_layout.ts). `nodeName` is the
 * host's `server.name`, as `service.node.name`.
 */
export function formatJson(record: LogRecord, nodeName?: string): string {
  return JSON.stringify({
    ...(record.meta ? (redact(record.meta) as Record<string, unknown>) : {}),
    ecs: { version: ECS_VERSION },
    '@timestamp': record.timestamp.toISOString(),
    message: redactText(record.message),
    log: { level: record.level.id.toUpperCase(), logger: record.context },
    process: { pid: process.pid },
    ...(nodeName ? { service: { node: { name: nodeName } } } : {}),
    ...(record.error ? { error: errorFields(record.error) } : {}),
  });
}

/** `[timestamp][LEVEL][context] message`, with the error's stack on the following lines. */
export function formatText(record: LogRecord): string {
  const level = record.level.id.toUpperCase().padEnd(5);
  const head = `[${record.timestamp.toISOString()}][${level}][${record.context}] ${redactText(record.message)}`;
  const metaStack = (record.meta?.error as { stack_trace?: unknown } | undefined)?.stack_trace;
  const trace = record.error?.stack ?? (typeof metaStack === 'string' ? metaStack : undefined);
  const stack = trace ? `\n${redactText(trace)}` : '';
  return head + stack;
}
