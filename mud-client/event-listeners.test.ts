import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventListeners } from './event-listeners.ts';
import type { MudEvent } from './events.ts';

const event: MudEvent = { kind: 'text', text: 'hi' };

describe('EventListeners', () => {
  it('stops calling a listener after its unsubscribe function ran', () => {
    const listeners = new EventListeners();
    const seen: MudEvent[] = [];
    const unsubscribe = listeners.add(received => seen.push(received));
    listeners.emit(event);
    unsubscribe();
    listeners.emit(event);
    assert.deepEqual(seen, [event]);
    assert.equal(listeners.size, 0);
  });

  it('still calls later listeners when one throws, and reports that error', () => {
    const reported: unknown[] = [];
    const listeners = new EventListeners(error => reported.push(error));
    const seen: string[] = [];
    listeners.add(() => {
      throw new Error('listener bug');
    });
    listeners.add(() => seen.push('second'));
    listeners.emit(event);
    assert.deepEqual(seen, ['second']);
    assert.equal((reported[0] as Error).message, 'listener bug');
  });
});
