// Core's toasts, minimal: a line per toast in the chrome's live region, gone after a while.
import type { ToastInput, ToastsApi } from '@kbn/core/public';

/** How long a toast stays, in ms. */
const TOAST_LIFETIME_MS = 10_000;

export function createToasts(container: HTMLElement): ToastsApi {
  const add = (kind: 'success' | 'danger', toast: ToastInput) => {
    const item = document.createElement('div');
    item.className = `kbnToast kbnToast--${kind}`;
    item.textContent =
      typeof toast === 'string' ? toast : [toast.title, toast.text].filter(Boolean).join(': ');
    container.appendChild(item);
    setTimeout(() => item.remove(), TOAST_LIFETIME_MS);
  };
  return {
    addSuccess: (toast) => add('success', toast),
    addDanger: (toast) => add('danger', toast),
    addError: (error, { title }) => add('danger', { title, text: error.message }),
  };
}
