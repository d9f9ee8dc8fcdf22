/**
 * Creates game accounts (each with its character) through Evennia's login screen, a few connections at
 * a time, with the bench's raw telnet client. Not through `evennia shell`: a character created by another
 * process is missing from the running Server's in-memory contents cache of its room, so logins and looks
 * would differ from those of accounts made the normal way.
 */
import { randomSecret } from '../supervisor/secrets.ts';
import { RawTelnetClient } from './raw-telnet-client.ts';

export interface BenchAccount {
  username: string;
  password: string;
}

async function createOne(host: string, port: number, account: BenchAccount): Promise<void> {
  const client = await RawTelnetClient.connect(host, port);
  try {
    await client.waitForConnectionScreen();
    client.sendLine(`create ${account.username} ${account.password}`);
    await client.waitFor('Is this what you intended');
    client.sendLine('yes');
    await client.waitFor('was created');
  } finally {
    await client.close();
  }
}

/** Accounts `<prefix>1` ... `<prefix>N`, sharing one random password; `parallel` logins screens at a time. */
export async function createAccounts(
  server: { host: string; ports: { telnet: number } },
  prefix: string,
  count: number,
  parallel = 8,
): Promise<BenchAccount[]> {
  const password = `pw-${randomSecret(9)}`;
  const accounts = Array.from({ length: count }, (_, index) => ({
    username: `${prefix}${index + 1}`,
    password,
  }));
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const account = accounts[next++] as BenchAccount;
      await createOne(server.host, server.ports.telnet, account);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return accounts;
}
