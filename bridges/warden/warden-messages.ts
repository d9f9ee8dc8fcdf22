/**
 * The out-of-band messages between the warden and evennia-game (world-seed/PROTOCOL.md, "Bridges"), as the
 * warden sees them. The game sends `bridge_request` (validated with `BridgeRequestSchema`); the warden calls
 * the warden-only inputfuncs `warden_hello`, `bridge_reply` and `bridge_event`, and the superuser-only
 * `warden_provision`, each answered by the same name with the `requestId`, or `timmy_error`.
 */
import { z } from 'zod';

export const BRIDGE_REQUEST = 'bridge_request';
export const BRIDGE_REPLY = 'bridge_reply';
export const BRIDGE_EVENT = 'bridge_event';
export const WARDEN_HELLO = 'warden_hello';
export const WARDEN_PROVISION = 'warden_provision';

export type WardenBridge = 'gitea' | 'nostr';

/** The game's answer to `warden_hello`. */
export const WardenHelloReplySchema = z.object({
  account: z.string(),
  bridges: z.array(z.enum(['gitea', 'nostr'])),
});

/** The game's answer to `bridge_reply`: whether the caller was still there to read it. */
export const BridgeReplyAckSchema = z.object({ id: z.string(), delivered: z.boolean() });

/** The game's answer to `bridge_event`: how many rooms heard it (0 for outbox statistics). */
export const BridgeEventAckSchema = z.object({ shown: z.number().int().min(0) });

/** The game's answer to `warden_provision`. */
export const WardenProvisionReplySchema = z.object({ username: z.string().min(1), created: z.boolean() });

/** Something to announce in game: a verified Gitea webhook, a Nostr note. */
export const BridgeAnnouncementSchema = z.object({
  bridge: z.enum(['gitea', 'nostr']),
  /** e.g. `webhook`, `note` (not `outbox`, which `reportOutbox` sends). */
  kind: z
    .string()
    .min(1)
    .max(50)
    .refine(kind => kind !== 'outbox', 'outbox statistics are sent by reportOutbox'),
  text: z.string().trim().min(1),
  /** A room dbref (`#12`) or seed id; by default the rooms holding the bridge's objects. */
  room: z.string().min(1).optional(),
});
export type BridgeAnnouncement = z.input<typeof BridgeAnnouncementSchema>;
