// SpacesPlugin: exposes `spacesService` in setup and start; the host strips `/s/{space}` before routing.
import type {
  CoreSetup,
  CoreStart,
  Logger,
  Plugin,
  PluginInitializerContext,
} from '@kbn/core/server';
import type { SpacesPluginSetup, SpacesPluginStart } from '@kbn/spaces-plugin/server';
import { createSpacesService } from './create_spaces_service';

export class SpacesPlugin implements Plugin<SpacesPluginSetup, SpacesPluginStart> {
  private readonly logger: Logger;

  constructor(initializerContext: PluginInitializerContext) {
    this.logger = initializerContext.logger.get();
  }

  setup(core: CoreSetup): SpacesPluginSetup {
    const spacesService = createSpacesService(core.http.basePath);
    this.logger.debug('Spaces are read from the /s/{space} URL prefix');
    return {
      spacesService: {
        getSpaceId: spacesService.getSpaceId,
        spaceIdToNamespace: spacesService.spaceIdToNamespace,
        namespaceToSpaceId: spacesService.namespaceToSpaceId,
      },
    };
  }

  start(core: CoreStart): SpacesPluginStart {
    return { spacesService: createSpacesService(core.http.basePath) };
  }
}
