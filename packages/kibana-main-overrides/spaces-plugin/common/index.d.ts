// Mirrors x-pack/platform/plugins/shared/spaces/common/index.ts (elastic/kibana main, 2026): it no longer exports DEFAULT_SPACE_ID, addSpaceIdToPath or getSpaceIdFromPath

// They moved to @kbn/core-spaces-common (elastic/kibana#266371 deleted @kbn/spaces-utils, their
// home since 9.1); the index's other exports (isReservedSpace, constants, Space types) are
// unused here, so this index, as this project sees it, exports nothing.
export {};
