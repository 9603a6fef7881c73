// The form that schedules a registered task type, its param fields built from the type's schema.
import { useEffect, useState, type FormEvent } from 'react';
import {
  EuiButton,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFieldNumber,
  EuiFieldText,
  EuiForm,
  EuiFormRow,
  EuiSpacer,
  EuiSuperSelect,
  EuiSwitch,
  EuiText,
  EuiTitle,
} from '@elastic/eui';
import type { TaskParamsSchema, TaskResult, TaskTypeInfo } from '../../common';
import type { TaskApiClient } from '../api/task_api_client';
import { generateTaskId } from './generate_task_id';

export interface ScheduleFormProps {
  client: TaskApiClient;
  /** the registered types; undefined while loading */
  taskTypes: TaskTypeInfo[] | undefined;
  onScheduled: (id: string, type: string, params: unknown, result: TaskResult) => void;
}

type ParamValues = Record<string, string | boolean>;

const propertiesOf = (taskType: TaskTypeInfo | undefined): Array<[string, TaskParamsSchema]> =>
  Object.entries(taskType?.params?.properties ?? {});

function defaultsOf(taskType: TaskTypeInfo | undefined): ParamValues {
  return Object.fromEntries(
    propertiesOf(taskType).map(([name, schema]) => [
      name,
      schema.type === 'boolean' ? schema.default === true : String(schema.default ?? ''),
    ])
  );
}

/** `sleep` for `examples:sleep`: readable ids. */
const idPrefixOf = (type: string) => type.split(':').pop() || 'task';

/** The form's values as the params the type's schema expects; empty fields are left out. */
function toParams(taskType: TaskTypeInfo, values: ParamValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, schema] of propertiesOf(taskType)) {
    const value = values[name];
    if (value === '' || value === undefined) continue;
    params[name] = schema.type === 'number' && typeof value === 'string' ? Number(value) : value;
  }
  return params;
}

/**
 * The schedule the "Repeat" field asks for: Task Manager's interval form (`5m`) as an interval,
 * anything else as cron (the server refuses, naming `schedule.cron`, what it cannot store).
 */
export function toSchedule(
  repeat: string,
  tz: string
): { interval: string } | { cron: string; tz?: string } | undefined {
  const text = repeat.trim();
  if (!text) return undefined;
  if (/^\d+[smhd]$/.test(text)) return { interval: text };
  return { cron: text, ...(tz.trim() ? { tz: tz.trim() } : {}) };
}

export function ScheduleForm({ client, taskTypes, onScheduled }: ScheduleFormProps) {
  const [typeName, setTypeName] = useState<string>();
  const taskType = taskTypes?.find((t) => t.type === typeName) ?? taskTypes?.[0];
  const [values, setValues] = useState<ParamValues>({});
  const [taskId, setTaskId] = useState('');
  const [repeat, setRepeat] = useState('');
  const [tz, setTz] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();

  // A new type (or the first one arriving) starts from its defaults and a fresh id.
  useEffect(() => {
    if (!taskType) return;
    setValues(defaultsOf(taskType));
    setTaskId(generateTaskId(idPrefixOf(taskType.type)));
  }, [taskType]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!taskType) return;
    // A message from an earlier attempt never stays beside the outcome of this one.
    setMessage(undefined);
    const id = taskId.trim();
    if (!id) {
      setMessage({ kind: 'error', text: 'Give the task an id.' });
      return;
    }
    const params = toParams(taskType, values);
    setSubmitting(true);
    try {
      const schedule = toSchedule(repeat, tz);
      const result = await client.scheduleTask(id, {
        type: taskType.type,
        params,
        ...(schedule ? { schedule } : {}),
      });
      onScheduled(id, taskType.type, params, result);
      setMessage({ kind: 'ok', text: `Scheduled ${id}.` });
      setTaskId(generateTaskId(idPrefixOf(taskType.type)));
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not schedule ${id}: ${messageOf(error)}` });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <EuiForm component="form" onSubmit={submit} aria-labelledby="schedule-heading">
      <EuiTitle size="s">
        <h2 id="schedule-heading">Schedule a task</h2>
      </EuiTitle>
      <EuiSpacer size="m" />
      <EuiFormRow label="Task type" helpText={taskType?.description}>
        <EuiSuperSelect
          isLoading={taskTypes === undefined}
          valueOfSelected={taskType?.type ?? ''}
          onChange={setTypeName}
          options={(taskTypes ?? []).map((t) => ({
            value: t.type,
            inputDisplay: `${t.title} (${t.type})`,
            dropdownDisplay: (
              <>
                <strong>{t.title}</strong>
                <EuiText size="xs" color="subdued">
                  {t.type}
                  {t.description ? ` · ${t.description}` : ''}
                </EuiText>
              </>
            ),
          }))}
        />
      </EuiFormRow>
      {taskType && !taskType.params ? (
        <EuiText size="s" color="subdued">
          <p>This type declares no params schema: it is scheduled with no params.</p>
        </EuiText>
      ) : null}
      {propertiesOf(taskType).map(([name, schema]) => (
        <EuiFormRow key={`${taskType?.type}:${name}`} label={name} helpText={schema.description}>
          {schema.type === 'boolean' ? (
            <EuiSwitch
              label={name}
              checked={values[name] === true}
              onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.checked }))}
            />
          ) : schema.type === 'number' ? (
            <EuiFieldNumber
              name={name}
              min={schema.minimum}
              max={schema.maximum}
              value={String(values[name] ?? '')}
              onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
            />
          ) : (
            <EuiFieldText
              name={name}
              value={String(values[name] ?? '')}
              onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
            />
          )}
        </EuiFormRow>
      ))}
      <EuiFormRow
        label="Repeat"
        helpText={`${
          taskType?.recurring
            ? 'Leave empty for the type’s own schedule'
            : 'Leave empty to run once'
        }, or give an interval (1m), a cron expression (*/5 * * * *) or a macro (@daily).`}
      >
        <EuiFieldText value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </EuiFormRow>
      <EuiFormRow
        label="Time zone"
        helpText="Of a cron expression, e.g. Europe/Berlin; UTC when empty."
      >
        <EuiFieldText value={tz} onChange={(e) => setTz(e.target.value)} />
      </EuiFormRow>
      <EuiFormRow
        label="Task id"
        helpText="Scheduling an id that already exists runs that task again."
      >
        <EuiFieldText
          value={taskId}
          onChange={(e) => setTaskId(e.target.value)}
          append={
            <EuiButtonEmpty
              size="xs"
              onClick={() => taskType && setTaskId(generateTaskId(idPrefixOf(taskType.type)))}
            >
              New id
            </EuiButtonEmpty>
          }
        />
      </EuiFormRow>
      <EuiSpacer size="m" />
      <EuiButton type="submit" fill isLoading={submitting} isDisabled={!taskType}>
        Schedule
      </EuiButton>
      <div role="status" aria-live="polite" aria-label="Schedule result">
        {message ? (
          <>
            <EuiSpacer size="m" />
            <EuiCallOut
              size="s"
              color={message.kind === 'ok' ? 'success' : 'danger'}
              iconType={message.kind === 'ok' ? 'check' : 'error'}
              title={message.text}
            />
          </>
        ) : null}
      </div>
    </EuiForm>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
