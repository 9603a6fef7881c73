import { LoggingSystem } from './logging_system';

const HUGE = 'x'.repeat(1_000_000);

function capture(json: boolean) {
  const lines: string[] = [];
  const system = new LoggingSystem({ level: 'info', json, sink: (line) => lines.push(line) });
  return { lines, logger: system.get('plugins', 'backgroundTasks') };
}

describe('LoggingSystem line bounds', () => {
  it('cuts a 1 MB message, error and field, saying how much was left out, in both layouts', () => {
    for (const json of [true, false]) {
      const { lines, logger } = capture(json);
      logger.warn(`Task [t1] failed: ${HUGE}`, { task: { reason: HUGE } });
      const error = new Error(HUGE);
      logger.error(error);
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line.length).toBeLessThan(20_000);
        expect(line).toContain('more characters)');
      }
      expect(lines[0]).toContain(`Task [t1] failed: ${'x'.repeat(100)}`);
      // the caller's error is not changed
      expect(error.message).toHaveLength(1_000_000);
    }
  });

  it('keeps the stack frames of a bounded error', () => {
    const { lines, logger } = capture(true);
    logger.error(new Error(HUGE));
    const { error } = JSON.parse(lines[0]) as { error: { message: string; stack_trace: string } };
    expect(error.message).toBe(`${'x'.repeat(2000)}… (998000 more characters)`);
    expect(error.stack_trace).toMatch(/^Error: x{2000}… \(998000 more characters\)\n\s+at /);
  });

  it("writes the ECS fields of Kibana's JSON layout, with the node name", () => {
    const lines: string[] = [];
    const system = new LoggingSystem({
      level: 'info',
      json: true,
      nodeName: 'kibana-1',
      sink: (line) => lines.push(line),
    });
    system.get('plugins', 'backgroundTasks').info('hello');
    expect(JSON.parse(lines[0])).toMatchObject({
      ecs: { version: expect.any(String) },
      '@timestamp': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: 'hello',
      log: { level: 'INFO', logger: 'plugins.backgroundTasks' },
      service: { node: { name: 'kibana-1' } },
    });
  });

  it('leaves a short message as it is', () => {
    const { lines, logger } = capture(true);
    logger.info('Task [t2] failed: boom');
    expect(JSON.parse(lines[0]).message).toBe('Task [t2] failed: boom');
  });
});
