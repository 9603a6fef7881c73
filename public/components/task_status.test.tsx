/** @jest-environment jsdom */
// Rendering of TaskStatus: each status in words and colour, the task's error, and its actions.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { BackgroundTaskStatus } from '../../common';
import { TASK_STATUS_DISPLAY, TaskStatus } from './task_status';

afterEach(cleanup);

const ALL_STATUSES: BackgroundTaskStatus[] = [
  'not_started',
  'in_progress',
  'being_canceled',
  'canceled',
  'failed',
  'completed',
  'acknowledged',
  'stale',
];

function buttonNames(): string[] {
  return screen.queryAllByRole('button').map((b) => b.textContent ?? '');
}

describe('TaskStatus', () => {
  it.each([
    ['not_started', 'Not started'],
    ['in_progress', 'In progress'],
    ['being_canceled', 'Canceling'],
    ['canceled', 'Canceled'],
    ['failed', 'Failed'],
    ['completed', 'Completed'],
    ['acknowledged', 'Acknowledged'],
    ['stale', 'Stale'],
  ] as const)('says %s as "%s" in a polite live region, in its colour', (status, words) => {
    render(<TaskStatus status={status} />);
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe(words);
    expect(region.getAttribute('title')).toBe(TASK_STATUS_DISPLAY[status].description);
    const label = screen.getByText(words);
    expect(label.style.color).toBe(hexToRgb(TASK_STATUS_DISPLAY[status].color));
  });

  it('gives every status its own words, and tells failures and successes apart by colour', () => {
    const labels = ALL_STATUSES.map((s) => TASK_STATUS_DISPLAY[s].label);
    expect(new Set(labels).size).toBe(ALL_STATUSES.length);
    expect(TASK_STATUS_DISPLAY.failed.color).not.toBe(TASK_STATUS_DISPLAY.completed.color);
    expect(TASK_STATUS_DISPLAY.stale.color).not.toBe(TASK_STATUS_DISPLAY.in_progress.color);
  });

  it('says it is loading while the status is unknown', () => {
    render(<TaskStatus status={undefined} onCancel={jest.fn()} onAcknowledge={jest.fn()} />);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(buttonNames()).toEqual([]);
  });

  it("shows a failed task's error as an alert", () => {
    render(<TaskStatus status="failed" error="division by zero" />);
    expect(screen.getByRole('alert').textContent).toBe('division by zero');
  });

  it('shows no task error for a status other than failed', () => {
    render(<TaskStatus status="completed" error="left over" />);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('tells a problem reaching the server apart from the task failing', () => {
    render(<TaskStatus status="in_progress" requestError="Network error" />);
    expect(screen.getByText('Could not refresh: Network error')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['not_started', []],
    ['in_progress', ['Cancel']],
    ['stale', ['Cancel']],
    ['being_canceled', ['Canceling…']],
    ['canceled', []],
    ['failed', []],
    ['completed', ['Acknowledge']],
    ['acknowledged', []],
  ] as const)('offers for %s the buttons %j', (status, expected) => {
    render(<TaskStatus status={status} onCancel={jest.fn()} onAcknowledge={jest.fn()} />);
    expect(buttonNames()).toEqual(expected);
  });

  it('offers no action whose handler was not given', () => {
    render(<TaskStatus status="in_progress" />);
    expect(buttonNames()).toEqual([]);
  });

  it('calls onCancel from the Cancel button, labelled with the task', () => {
    const onCancel = jest.fn();
    render(<TaskStatus status="in_progress" onCancel={onCancel} taskLabel="sleep-1" />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel task sleep-1' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('shows a pending cancel at once and disables the button', () => {
    const onCancel = jest.fn();
    render(<TaskStatus status="in_progress" onCancel={onCancel} isCancelling />);
    expect(screen.getByRole('status').textContent).toBe('Canceling');
    const button = screen.getByRole('button', { name: 'Cancel task' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Canceling…');
    fireEvent.click(button);
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('calls onAcknowledge from the Acknowledge button and disables it while acknowledging', () => {
    const onAcknowledge = jest.fn();
    const { rerender } = render(<TaskStatus status="completed" onAcknowledge={onAcknowledge} />);
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge task' }));
    expect(onAcknowledge).toHaveBeenCalledTimes(1);

    rerender(<TaskStatus status="completed" onAcknowledge={onAcknowledge} isAcknowledging />);
    const button = screen.getByRole('button', { name: 'Acknowledge task' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Acknowledging…');
  });
});

function hexToRgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
