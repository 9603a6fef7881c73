import { waitFor } from './wait_for';

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    await expect(
      waitFor(() => (++calls >= 3 ? calls : undefined), { intervalMs: 1 })
    ).resolves.toBe(3);
  });

  it('fails after its deadline, naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 30, intervalMs: 5, description: 'the moon' }
      )
    ).rejects.toThrow(/waiting for the moon \(last error: not yet\)/);
  });
});
