/**
 * GMCP message codec (`IAC SB GMCP "<Package.Name>[ <json>]" IAC SE`) for Evennia 5.0.1.
 *
 * Incoming payloads are turned back into Evennia's `(args, kwargs)` by inverting `encode_gmcp` (reference §6.1):
 *   no payload -> ([], {});  {k: v} -> ([], {k: v});  [[a, b], {k: v}] -> ([a, b], {k: v});
 *   [arg, {k: v}] -> ([arg], {k: v});  [a, b] -> ([a, b], {});  any other JSON value x -> ([x], {}).
 * Evennia's encoding is ambiguous in places (a single dict argument looks like kwargs, a single list argument
 * looks like several arguments); the reading above is the one its own messages use.
 *
 * Outgoing, Evennia's `decode_gmcp` turns an array into args and an object into kwargs, never both
 * (reference §15). So `encodeGmcp` sends the args array when there are args, else the kwargs object, else `[]`
 * (an empty payload would arrive as one empty-string argument in 5.0.1).
 */
import { z } from 'zod';
import { MudClientError, sampleOf } from '../errors.ts';
import type { OobEvent } from '../events.ts';
import { evenniaToGmcpName, gmcpToEvenniaName } from './gmcp-names.ts';

const plainObjectSchema = z.record(z.string(), z.unknown());
const argsAndKwargsSchema = z.tuple([z.array(z.unknown()), plainObjectSchema]);
const argAndKwargsSchema = z.tuple([z.unknown(), plainObjectSchema]);
const argsSchema = z.array(z.unknown());

export type GmcpDecodeResult = { ok: true; event: OobEvent } | { ok: false; error: MudClientError };

const utf8 = new TextDecoder('utf-8');
const NAME_AND_DATA = /^\s*(\S+)(?:\s+([\s\S]*))?$/;

/** Splits a decoded JSON structure into Evennia `(args, kwargs)`. */
export function structureToArguments(structure: unknown): Pick<OobEvent, 'args' | 'kwargs'> {
  const kwargsOnly = plainObjectSchema.safeParse(structure);
  if (kwargsOnly.success) return { args: [], kwargs: kwargsOnly.data };
  const both = argsAndKwargsSchema.safeParse(structure);
  if (both.success) return { args: both.data[0], kwargs: both.data[1] };
  const single = argAndKwargsSchema.safeParse(structure);
  if (single.success) return { args: [single.data[0]], kwargs: single.data[1] };
  const args = argsSchema.safeParse(structure);
  if (args.success) return { args: args.data, kwargs: {} };
  return { args: [structure], kwargs: {} };
}

/** Decodes one GMCP subnegotiation payload into an `oob` event, or a protocol error. Never throws. */
export function decodeGmcp(payload: Uint8Array): GmcpDecodeResult {
  const text = utf8.decode(payload);
  const match = NAME_AND_DATA.exec(text);
  const gmcpName = match?.[1];
  if (match === null || gmcpName === undefined) {
    return {
      ok: false,
      error: new MudClientError('MUD_ERR_GMCP_INVALID', 'GMCP message without a package name', {
        details: { sample: sampleOf(text) },
      }),
    };
  }
  const name = gmcpToEvenniaName(gmcpName);
  const data = match[2]?.trim() ?? '';
  if (data === '') return { ok: true, event: { kind: 'oob', name, args: [], kwargs: {} } };
  let structure: unknown;
  try {
    structure = JSON.parse(data);
  } catch (cause) {
    return {
      ok: false,
      error: new MudClientError('MUD_ERR_GMCP_NOT_JSON', `GMCP ${gmcpName} payload is not JSON`, {
        cause,
        details: { gmcpName, name, sample: sampleOf(data) },
      }),
    };
  }
  return { ok: true, event: { kind: 'oob', name, ...structureToArguments(structure) } };
}

function stringify(value: unknown, name: string): string {
  try {
    const json = JSON.stringify(value);
    if (typeof json === 'string') return json;
  } catch (cause) {
    throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', `OOB ${name} arguments are not JSON-serialisable`, {
      cause,
    });
  }
  throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', `OOB ${name} arguments are not JSON-serialisable`);
}

/**
 * The GMCP payload (without the telnet framing) that makes Evennia call inputfunc `name`. When both args and
 * kwargs are non-empty the kwargs are dropped (GMCP into Evennia cannot carry both).
 */
export function encodeGmcp(name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): Buffer {
  const gmcpName = evenniaToGmcpName(name);
  const structure = args.length > 0 ? args : Object.keys(kwargs).length > 0 ? kwargs : [];
  return Buffer.from(`${gmcpName} ${stringify(structure, name)}`, 'utf8');
}
