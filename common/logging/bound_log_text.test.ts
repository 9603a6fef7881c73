import { boundLogStack, boundLogText, boundLogValue } from './bound_log_text';

describe('boundLogText', () => {
  it('keeps text up to the bound and cuts longer text, counting what it left out', () => {
    expect(boundLogText('abc', 3)).toBe('abc');
    expect(boundLogText('abcdef', 3)).toBe('abc… (3 more characters)');
    expect(boundLogText('y'.repeat(2001))).toBe(`${'y'.repeat(2000)}… (1 more characters)`);
  });

  it('bounds every string inside plain objects and arrays, and leaves the rest', () => {
    const when = new Date(0);
    expect(boundLogValue({ a: ['abcdef', 1], b: { c: 'abcdef', when } }, 3)).toEqual({
      a: ['abc… (3 more characters)', 1],
      b: { c: 'abc… (3 more characters)', when },
    });
  });

  it('bounds the message inside a stack and keeps its frames', () => {
    const message = 'm'.repeat(5000);
    const stack = `Error: ${message}\n    at run (task.ts:1:1)`;
    expect(boundLogStack(stack, message)).toBe(
      `Error: ${'m'.repeat(2000)}… (3000 more characters)\n    at run (task.ts:1:1)`
    );
  });
});
