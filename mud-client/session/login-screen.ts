/**
 * What Evennia's login screen says, as patterns over plain text (evennia/commands/default/unloggedin.py,
 * 5.0.1). The session reads these to tell success from refusal; they are the only in-band text it parses.
 */
export const LOGIN_REFUSED =
  /Username and\/or password is incorrect|Too many login failures|Usage \(without <>\): connect/;
export const CREATE_CONFIRM = /Is this what you intended\? \[Y\]\/N\?/;
export const CREATE_DONE = /A new account '(.+?)' was created/;
export const CREATE_EXISTS = /Sorry, that username is already taken|That username is reserved/i;
export const CREATE_REFUSED =
  /You are creating too many accounts|Registration is currently disabled|password|username|There was an error creating the Account/i;

/** Quotes an account name the way Evennia's `connect` and `create` expect when it holds spaces. */
export function quoteName(name: string): string {
  return /\s/.test(name) ? `"${name.replace(/"/g, '')}"` : name;
}
