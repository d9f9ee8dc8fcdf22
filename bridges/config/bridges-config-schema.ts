/**
 * The shape of timmy.bridges.yaml (zod). A bridge is off unless its section is present. Secrets are named
 * here only by file (`tokenFile`, `secretFile`) or environment variable (`tokenEnv`); a key that would hold
 * a secret itself (`token`, `secret`, `password`, `nsec`) is refused.
 */
import { decode } from 'nostr-tools/nip19';
import { z } from 'zod';
import { isTimeZone } from '../journal/local-time.ts';

const SECRET_KEYS = new Set(['token', 'secret', 'password', 'nsec', 'privateKey', 'secretKey']);

const environmentVariableName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name');
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
const port = z.number().int().min(1).max(65_535);

/** strictObject that names leaked secrets specifically. */
function section<Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .looseObject(shape)
    .superRefine((value, context) => {
      for (const key of Object.keys(value)) {
        if (key in shape) continue;
        context.addIssue({
          code: 'custom',
          path: [key],
          message: SECRET_KEYS.has(key)
            ? 'secrets never go in timmy.bridges.yaml: name a 0600 file (…File) or an environment variable instead'
            : `unknown key "${key}"`,
        });
      }
    })
    .transform(value => {
      const known: Record<string, unknown> = {};
      for (const key of Object.keys(shape))
        if (key in value) known[key] = (value as Record<string, unknown>)[key];
      return known as z.output<z.ZodObject<Shape>>;
    });
}

export const GiteaSectionSchema = section({
  url: httpUrl,
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected "owner/name"'),
  tokenFile: z.string().min(1).optional(),
  tokenEnv: environmentVariableName.default('TIMMY_GITEA_TOKEN'),
  webhook: section({
    port,
    /** Address the webhook receiver binds to (default loopback). */
    host: z.string().min(1).default('127.0.0.1'),
    secretFile: z.string().min(1).optional(),
    secretEnv: environmentVariableName.default('TIMMY_GITEA_WEBHOOK_SECRET'),
  }).optional(),
});

const npub = z.string().refine(
  value => {
    try {
      return decode(value).type === 'npub';
    } catch {
      return false;
    }
  },
  { message: 'expected an npub1… public key' },
);

export const NostrSectionSchema = section({
  relays: z.array(z.url({ protocol: /^wss?$/, error: 'expected a ws:// or wss:// relay URL' })).min(1),
  operators: z.array(npub).default([]),
  heartbeatKind1: z.boolean().default(false),
});

export const JournalSectionSchema = section({
  directory: z.string().min(1),
  /** Smart-HTTP URL of the remote repository, without credentials; absent: the journal stays local. */
  remote: z.string().min(1).optional(),
  branch: z
    .string()
    .regex(/^[\w./-]+$/, 'expected a branch name')
    .default('main'),
  tokenFile: z.string().min(1).optional(),
  tokenEnv: environmentVariableName.default('TIMMY_JOURNAL_TOKEN'),
  /** IANA zone naming the day's file (default: this machine's). */
  timeZone: z
    .string()
    .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Paris' })
    .optional(),
  author: section({
    name: z.string().min(1).default('Timmy'),
    email: z.string().min(3).default('timmy@localhost.invalid'),
  }).default({ name: 'Timmy', email: 'timmy@localhost.invalid' }),
});

export const OutboxSectionSchema = section({
  file: z.string().min(1).default('.timmy/bridges/outbox.sqlite'),
  maxAttempts: z.number().int().min(1).max(1_000).default(8),
});

export const BridgesFileSchema = section({
  gitea: GiteaSectionSchema.optional(),
  nostr: NostrSectionSchema.optional(),
  journal: JournalSectionSchema.optional(),
  outbox: OutboxSectionSchema.optional(),
});

export type BridgesFile = z.output<typeof BridgesFileSchema>;
