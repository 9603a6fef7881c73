// Polls a condition until it holds or a deadline passes: the only way tests and the system builder wait.
export interface WaitForOptions {
  /** how long to keep trying, in ms. @defaultValue 10000 */
  timeoutMs?: number;
  /** pause between tries, in ms. @defaultValue 50 */
  intervalMs?: number;
  /** what was awaited, for the error message */
  description?: string;
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 10_000, intervalMs = 50, description = 'condition' }: WaitForOptions = {}
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
}
