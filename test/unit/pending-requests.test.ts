import { describe, expect, it } from 'vitest';
import { PendingRequests } from '../../src/generators/exec/pending-requests.js';

const timedOut = (id: string) => new Error(`timeout ${id}`);
const reply = (id: string) => ({ message: { id }, where: `line of ${id}` });
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );

describe('PendingRequests', () => {
  it('settles each request with its own answer or error, once', async () => {
    const pending = new PendingRequests(60_000, timedOut);
    const a = outcome(pending.add('a', undefined));
    const b = outcome(pending.add('b', undefined));
    expect(pending.resolve('b', reply('b'))).toBe(true);
    expect(pending.resolve('b', reply('b'))).toBe(false);
    expect(pending.reject('a', new Error('broken'))).toBe(true);
    expect(pending.has('a')).toBe(false);
    expect(await a).toEqual({ error: 'broken' });
    expect(await b).toEqual({ value: reply('b') });
  });

  it('times requests out in the order sent, each after the timeout, and leaves no timer behind', async () => {
    const before = timers();
    const pending = new PendingRequests(40, timedOut);
    const first = outcome(pending.add('first', undefined));
    await new Promise((resolve) => setTimeout(resolve, 25));
    const second = outcome(pending.add('second', undefined));
    const third = outcome(pending.add('third', undefined));
    pending.resolve('third', reply('third'));
    const settled: string[] = [];
    void first.then(() => settled.push('first'));
    void second.then(() => settled.push('second'));
    expect(await first).toEqual({ error: 'timeout first' });
    // The second was sent 25 ms later: it is still waiting when the first times out.
    expect(pending.has('second')).toBe(true);
    expect(await second).toEqual({ error: 'timeout second' });
    expect(await third).toEqual({ value: reply('third') });
    expect(settled).toEqual(['first', 'second']);
    expect(timers()).toBe(before);
  });

  it('an answer in time keeps its request from timing out; the last answer stops the timer', async () => {
    const before = timers();
    const pending = new PendingRequests(30, timedOut);
    const a = outcome(pending.add('a', undefined));
    expect(timers()).toBe(before + 1);
    pending.resolve('a', reply('a'));
    expect(timers()).toBe(before);
    expect(await a).toEqual({ value: reply('a') });
  });

  it("an abort fails only the requests given that signal, with the signal's reason", async () => {
    const one = new AbortController();
    const other = new AbortController();
    const pending = new PendingRequests(60_000, timedOut);
    const a = outcome(pending.add('a', one.signal));
    const b = outcome(pending.add('b', other.signal));
    const c = outcome(pending.add('c', one.signal));
    one.abort(new Error('stop'));
    expect(await a).toEqual({ error: 'stop' });
    expect(await c).toEqual({ error: 'stop' });
    expect(pending.has('b')).toBe(true);
    pending.resolve('b', reply('b'));
    expect(await b).toEqual({ value: reply('b') });
  });

  it('rejectAll fails every waiting request', async () => {
    const pending = new PendingRequests(60_000, timedOut);
    const all = ['x', 'y'].map((id) => outcome(pending.add(id, undefined)));
    pending.rejectAll(new Error('process died'));
    expect(await Promise.all(all)).toEqual([{ error: 'process died' }, { error: 'process died' }]);
    expect(pending.has('x')).toBe(false);
  });
});
