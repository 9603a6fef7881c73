// Mirrors src/core/packages/application/browser/src/{application,app_mount}.ts and src/core/packages/notifications/browser/src/contracts.ts (elastic/kibana): the subset this project uses

/** Unmounts an app: returned by its `mount`. @public */
export type AppUnmount = () => void;

/**
 * What an app's `mount` receives. Simplified: Kibana also passes `history`, `onAppLeave`,
 * `setHeaderActionMenu` and `theme$`.
 * @public
 */
export interface AppMountParameters {
  /** The element the app renders into; core empties it after unmounting. */
  element: HTMLElement;
  /** The app's route with the base path, e.g. `/s/team-a/app/background_tasks`. */
  appBasePath: string;
}

/** An application registered with `core.application.register`. @public */
export interface App {
  /** Unique id; the app is served at `/app/{id}`. */
  id: string;
  /** Shown in the browser's title. */
  title: string;
  mount: (params: AppMountParameters) => AppUnmount | Promise<AppUnmount>;
}

/** @public */
export interface ApplicationSetup {
  register(app: App): void;
}

/** @public */
export interface ApplicationStart {
  /** The id of the app mounted for the current URL, if any. */
  currentAppId: string | undefined;
}

/** A toast's text. Simplified: Kibana also takes a mount point or a `ToastInput` object. @public */
export type ToastInput = string | { title: string; text?: string };

/** Core's toasts. Simplified: Kibana's `IToasts` also has `add`, `addWarning`, `remove`. @public */
export interface ToastsApi {
  addSuccess(toast: ToastInput): void;
  addDanger(toast: ToastInput): void;
  addError(error: Error, options: { title: string }): void;
}

/** @public */
export interface NotificationsStart {
  toasts: ToastsApi;
}
