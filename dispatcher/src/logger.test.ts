import { createLogger } from './logger';

describe('createLogger line bounds', () => {
  it('cuts a 1 MB message and field to 2,000 characters, saying how much was left out', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line)).get('loop');
    const huge = 'x'.repeat(1_000_000);
    logger.warn(`Could not settle task t1: ${huge}`, {
      error: { message: huge },
      task: { id: 't1' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(5000);
    const line = JSON.parse(lines[0]);
    expect(line.message).toBe(
      `Could not settle task t1: ${'x'.repeat(1974)}… (998026 more characters)`
    );
    expect(line.error.message).toBe(`${'x'.repeat(2000)}… (998000 more characters)`);
    expect(line.task).toEqual({ id: 't1' });
    expect(line['log.logger']).toBe('dispatcher.loop');
  });
});
