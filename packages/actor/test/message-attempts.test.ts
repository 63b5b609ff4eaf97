/**
 * messageAttempts: one attempt per message object, read by the guard and
 * then taken by the action; a message sent again is attempted afresh.
 * Kernel counterpart: none.
 */
import { describe, expect, it } from 'vitest';
import { messageAttempts } from '../src/index.ts';

describe('messageAttempts', () => {
  it('attempts a message once for peek and take, and afresh after take', () => {
    let made = 0;
    const attempts = messageAttempts((m: { n: number }) => ({ n: m.n, made: ++made }));
    const m = { n: 7 };
    expect(attempts.peek(m)).toEqual({ n: 7, made: 1 });
    expect(attempts.peek(m)).toEqual({ n: 7, made: 1 });
    expect(attempts.take(m)).toEqual({ n: 7, made: 1 });
    expect(attempts.take(m)).toEqual({ n: 7, made: 2 });
    expect(attempts.peek({ n: 7 })).toEqual({ n: 7, made: 3 });
  });
});
