// The form that schedules one of the example task types with its parameters and an editable id.
import { useState, type FormEvent } from 'react';
import type { TaskApiClient } from '../../../public';
import type { TaskResult } from '../../../common';
import { EXAMPLE_TASK_TYPES, type ExampleTaskType } from './example_task_types';
import { generateTaskId } from './generate_task_id';

export interface ScheduleFormProps {
  client: TaskApiClient;
  onScheduled: (id: string, type: string, result: TaskResult) => void;
}

type ParamValues = Record<string, string>;

function defaultsOf(taskType: ExampleTaskType): ParamValues {
  return Object.fromEntries(taskType.params.map((p) => [p.name, String(p.defaultValue)]));
}

export function ScheduleForm({ client, onScheduled }: ScheduleFormProps) {
  const [taskType, setTaskType] = useState<ExampleTaskType>(EXAMPLE_TASK_TYPES[0]);
  const [values, setValues] = useState<ParamValues>(() => defaultsOf(EXAMPLE_TASK_TYPES[0]));
  const [taskId, setTaskId] = useState(() => generateTaskId(EXAMPLE_TASK_TYPES[0].idPrefix));
  const [cron, setCron] = useState('');
  const [tz, setTz] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();

  const chooseType = (type: string) => {
    const next = EXAMPLE_TASK_TYPES.find((t) => t.type === type) ?? EXAMPLE_TASK_TYPES[0];
    setTaskType(next);
    setValues(defaultsOf(next));
    setTaskId(generateTaskId(next.idPrefix));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = taskId.trim();
    if (!id) {
      setMessage({ kind: 'error', text: 'Give the task an id.' });
      return;
    }
    const params = Object.fromEntries(
      taskType.params.map((p) => [
        p.name,
        p.kind === 'number' ? Number(values[p.name]) : values[p.name],
      ])
    );
    setSubmitting(true);
    setMessage(undefined);
    try {
      // Empty: runs once. The server refuses (400 naming schedule.cron) what it cannot store.
      const schedule = cron.trim()
        ? { cron: cron.trim(), ...(tz.trim() ? { tz: tz.trim() } : {}) }
        : undefined;
      const result = await client.scheduleTask(id, {
        type: taskType.type,
        params,
        ...(schedule ? { schedule } : {}),
      });
      onScheduled(id, taskType.type, result);
      setMessage({ kind: 'ok', text: `Scheduled ${id}.` });
      setTaskId(generateTaskId(taskType.idPrefix));
    } catch (error) {
      setMessage({ kind: 'error', text: `Could not schedule ${id}: ${messageOf(error)}` });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} aria-labelledby="schedule-heading" className="panel">
      <h2 id="schedule-heading">Schedule a task</h2>
      <div className="field">
        <label htmlFor="task-type">Task type</label>
        <select id="task-type" value={taskType.type} onChange={(e) => chooseType(e.target.value)}>
          {EXAMPLE_TASK_TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.title} ({t.type})
            </option>
          ))}
        </select>
        <p className="help">{taskType.description}</p>
      </div>
      {taskType.params.map((param) => (
        <div className="field" key={`${taskType.type}:${param.name}`}>
          <label htmlFor={`param-${param.name}`}>{param.label}</label>
          <input
            id={`param-${param.name}`}
            name={param.name}
            type={param.kind === 'number' ? 'number' : 'text'}
            min={param.min}
            required
            value={values[param.name] ?? ''}
            aria-describedby={`param-${param.name}-help`}
            onChange={(e) => setValues((v) => ({ ...v, [param.name]: e.target.value }))}
          />
          <p className="help" id={`param-${param.name}-help`}>
            {param.help}
          </p>
        </div>
      ))}
      <div className="field">
        <label htmlFor="task-cron">Repeat (cron)</label>
        <span className="inline">
          <input
            id="task-cron"
            value={cron}
            placeholder="*/5 * * * *"
            onChange={(e) => setCron(e.target.value)}
            aria-describedby="task-cron-help"
          />
          <input
            id="task-tz"
            aria-label="Time zone"
            value={tz}
            placeholder="UTC"
            onChange={(e) => setTz(e.target.value)}
          />
        </span>
        <p className="help" id="task-cron-help">
          Optional: 5 fields (month `*`) or @every 5m, @hourly, @daily, @weekly, @monthly, in the
          time zone given (UTC when empty). Empty runs the task once.
        </p>
      </div>
      <div className="field">
        <label htmlFor="task-id">Task id</label>
        <span className="inline">
          <input
            id="task-id"
            value={taskId}
            onChange={(e) => setTaskId(e.target.value)}
            aria-describedby="task-id-help"
          />
          <button type="button" onClick={() => setTaskId(generateTaskId(taskType.idPrefix))}>
            New id
          </button>
        </span>
        <p className="help" id="task-id-help">
          Scheduling an id that already exists runs that task again.
        </p>
      </div>
      <button type="submit" className="primary" disabled={submitting}>
        {submitting ? 'Scheduling…' : 'Schedule'}
      </button>
      <p role="status" aria-live="polite" className={message?.kind === 'error' ? 'error' : 'ok'}>
        {message?.text ?? ''}
      </p>
    </form>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
