/**
 * One real Evennia 5.0.1 for a benchmark: the test harness's instance (a temporary copy of evennia-game/
 * on five free loopback ports, the test password hasher, killed whatever ends the process), optionally
 * with Python appended to the copy's settings.py (the dummyrunner needs its settings mixin there; the
 * committed game never sees it).
 */
import { type EvenniaInstance, startEvennia } from '../test/harness/evennia-instance.ts';

export type EvenniaServer = EvenniaInstance;

export function startEvenniaServer(options: { settingsAppendix?: string } = {}): Promise<EvenniaServer> {
  return startEvennia(options);
}
