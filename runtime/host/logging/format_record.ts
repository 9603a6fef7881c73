// Turns a log record into one output line: a readable pattern, or a JSON object per line.
import type { LogRecord } from '@kbn/core/server';
import { redact, redactText } from './redact';

function errorFields(error: Error) {
  return { message: redactText(error.message), type: error.name, stack_trace: error.stack };
}

/** JSON line in the shape of Kibana's JSON layout (ECS field names). */
export function formatJson(record: LogRecord): string {
  return JSON.stringify({
    ...(record.meta ? (redact(record.meta) as Record<string, unknown>) : {}),
    '@timestamp': record.timestamp.toISOString(),
    message: redactText(record.message),
    log: { level: record.level.id.toUpperCase(), logger: record.context },
    process: { pid: process.pid },
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
