/**
 * Telnet command and option codes (RFC 854, RFC 855 and the MUD protocol registry) used by Evennia 5.0.1.
 */

/** Telnet commands: the byte after IAC. */
export const TelnetCommand = {
  EOR: 239,
  SE: 240,
  NOP: 241,
  GA: 249,
  SB: 250,
  WILL: 251,
  WONT: 252,
  DO: 253,
  DONT: 254,
  IAC: 255,
} as const;

export type NegotiationVerb =
  | typeof TelnetCommand.WILL
  | typeof TelnetCommand.WONT
  | typeof TelnetCommand.DO
  | typeof TelnetCommand.DONT;

/** Telnet options Evennia offers or asks for (§5.1 of the reference). */
export const TelnetOption = {
  ECHO: 1,
  SGA: 3,
  TTYPE: 24,
  EOR: 25,
  NAWS: 31,
  LINEMODE: 34,
  MSDP: 69,
  MSSP: 70,
  MCCP2: 86,
  MXP: 91,
  GMCP: 201,
} as const;

export function isNegotiationVerb(byte: number): byte is NegotiationVerb {
  return byte >= TelnetCommand.WILL && byte <= TelnetCommand.DONT;
}
