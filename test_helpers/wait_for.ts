// Tests wait only by polling with a deadline; the helper lives with the system builder, which waits too.
export { waitFor, type WaitForOptions } from '../scripts/system/wait_for';
