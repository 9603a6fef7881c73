// Mounts the app into the element core gives it, inside EUI's provider with the Borealis theme.
import { EuiProvider } from '@elastic/eui';
import { EuiThemeBorealis } from '@elastic/eui-theme-borealis';
import { createRoot } from 'react-dom/client';
import type { AppMountParameters, AppUnmount, CoreStart } from '@kbn/core/public';
import { App } from './app';

export function renderApp(core: CoreStart, { element }: AppMountParameters): AppUnmount {
  const root = createRoot(element);
  root.render(
    <EuiProvider theme={EuiThemeBorealis} colorMode="light">
      <App http={core.http} />
    </EuiProvider>
  );
  return () => root.unmount();
}
