/**
 * An agent's account: provisioned through the privileged `agent_provision` request over a superuser
 * session (never the throttled `create` login command), with a random password kept in the agent's
 * state folder (`password`, mode 0600). Provisioning again keeps the password and changes nothing else
 * that is already right, so it runs at every start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { randomSecret, writeSecretFile } from '../../supervisor/secrets.ts';
import type { AgentDefinition } from '../definitions/agent-definition.ts';
import type { AgentPaths } from '../runtime/agent-paths.ts';
import { agentRequest } from '../runtime/agent-request.ts';
import type { AgentSession } from '../runtime/agent-session.ts';

const ProvisionReply = z.object({
  ok: z.literal(true),
  account: z.string(),
  character: z.object({ dbref: z.string().regex(/^#\d+$/), key: z.string() }),
  created: z.boolean(),
});

export interface ProvisionedAgent {
  account: string;
  character: { dbref: string; key: string };
  created: boolean;
  password: string;
}

/** The agent's password: read from its 0600 file, or generated and written there the first time. */
export function agentPassword(paths: Pick<AgentPaths, 'password'>): string {
  if (existsSync(paths.password)) {
    const password = readFileSync(paths.password, 'utf8').trim();
    if (password.length >= 8) return password;
  }
  const password = randomSecret(24);
  writeSecretFile(paths.password, `${password}\n`);
  return password;
}

export async function provisionAgent(
  admin: Pick<AgentSession, 'request'>,
  definition: Pick<AgentDefinition, 'name' | 'builder' | 'parent' | 'role'>,
  paths: Pick<AgentPaths, 'password'>,
): Promise<ProvisionedAgent> {
  const password = agentPassword(paths);
  const reply = await agentRequest(
    admin,
    'agent_provision',
    {
      name: definition.name,
      password,
      builder: definition.builder,
      role: definition.role,
      ...(definition.parent ? { parent: definition.parent } : {}),
    },
    ProvisionReply,
    'AGENT_ERR_PROVISION',
  );
  return { account: reply.account, character: reply.character, created: reply.created, password };
}
