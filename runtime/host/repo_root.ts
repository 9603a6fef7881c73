// The repository root, against which relative paths in the host config are resolved.
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
