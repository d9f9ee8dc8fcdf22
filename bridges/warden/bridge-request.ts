/**
 * What an in-world bridge command (`board`, `beacon`) asks the warden, and what the warden answers.
 * evennia-game forwards the request over the out-of-band channel to the warden's session
 * (`bridge_request`), the warden routes it to the handler of `bridge` + `action`, and answers through
 * the warden-only `bridge_reply` inputfunc; the game then shows `text` to the caller.
 */
import { z } from 'zod';

export const BridgeRequestSchema = z.object({
  /** Chosen by the game; echoed in the reply. */
  id: z.string().min(1).max(100),
  bridge: z.enum(['gitea', 'nostr']),
  /** e.g. `list`, `read`, `file`, `comment` (gitea); `recent`, `post`, `key` (nostr). */
  action: z.string().min(1).max(50),
  args: z.record(z.string(), z.unknown()).default({}),
  caller: z.object({
    account: z.string(),
    character: z.string(),
    dbref: z.string(),
    permissions: z.array(z.string()),
    /** Decided by the game from its locks: may this character write through the bridge? */
    canWrite: z.boolean(),
  }),
});
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export interface BridgeAnswer {
  ok: boolean;
  /** Plain text shown in game to the caller (bounded by the warden). */
  text: string;
  data?: unknown;
}

export type BridgeHandler = (request: BridgeRequest, signal: AbortSignal) => Promise<BridgeAnswer>;

/** `action` → handler, one table per bridge. */
export type BridgeHandlers = Readonly<Record<string, BridgeHandler>>;
