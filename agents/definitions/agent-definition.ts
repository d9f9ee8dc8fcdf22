/**
 * What an agent is, as the lineage file states it: its name, parent in the lineage, role, brain,
 * standing goals, toolsets, heartbeat interval and limits. Validated with zod at the file boundary
 * (`definition-file.ts`); everything downstream works with the parsed `AgentDefinition`.
 */
import { z } from 'zod';

/** Character names Evennia accepts for an account: letters, digits, `-` and `_`, starting with a letter. */
export const AgentName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{1,29}$/,
    'a name of 2-30 letters, digits, "-" or "_", starting with a letter',
  );

const GoapBrainConfig = z.object({ kind: z.literal('goap') }).strict();
const OllamaBrainConfig = z
  .object({
    kind: z.literal('ollama'),
    /** The model tag Ollama serves (`ollama create` name). */
    model: z.string().min(1).max(200),
    /** Default: OLLAMA_HOST, else http://127.0.0.1:11434. */
    host: z.string().url().optional(),
  })
  .strict();

/** `goap`, or `{ kind: ollama, model, host? }`; a bare `ollama` string needs a model, so it is an object. */
export const BrainConfigSchema = z.preprocess(
  value => (value === 'goap' ? { kind: 'goap' } : value),
  z.discriminatedUnion('kind', [GoapBrainConfig, OllamaBrainConfig]),
);
export type BrainConfig = z.infer<typeof BrainConfigSchema>;

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** `15m`, `30s`, `1h`, `500ms` or a number of seconds → seconds (at least one second). */
export const IntervalSeconds = z.union([z.number(), z.string()]).transform((value, context) => {
  if (typeof value === 'number') {
    if (value >= 1 && value <= 86_400) return value;
  } else {
    const match = DURATION.exec(value.trim());
    const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1) : Number.NaN;
    if (seconds >= 1 && seconds <= 86_400) return seconds;
  }
  context.addIssue({ code: 'custom', message: 'an interval between 1 s and 24 h, like "15m", "30s" or 900' });
  return z.NEVER;
});

export const AgentDefinitionSchema = z
  .object({
    name: AgentName,
    /** The agent that fathered this one; must be another agent of the same file. */
    parent: AgentName.nullable().default(null),
    /** Stored on the character (`db.timmy_role`); the server keeps at most 80 characters. */
    role: z.string().min(1).max(80),
    brain: BrainConfigSchema.default({ kind: 'goap' }),
    /** Standing goals from the GOAP goal library, followed while the agent has no task. */
    goals: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a goal name such as "explore" or "visit-shrine"'))
      .default(['explore']),
    toolsets: z.array(z.enum(['core', 'builder', 'task'])).default(['core', 'task']),
    /** Provision the account with Evennia's Builder permission (needed for the builder toolset). */
    builder: z.boolean().default(false),
    /** How often the agent's heartbeat reaches the Heartbeat Shrine. */
    heartbeat: IntervalSeconds.default(900),
    transport: z.enum(['telnet', 'websocket']).default('telnet'),
    limits: z
      .object({
        /** A task that takes more steps than this fails. */
        maxIterations: z.number().int().positive().max(1000).default(50),
        /** Pause between two steps of a task. */
        taskStepMs: z.number().int().min(0).max(60_000).default(250),
        /** Pause between two steps with no task (standing goals): slow, so the server is not flooded. */
        idleStepMs: z.number().int().min(0).max(600_000).default(8000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type AgentDefinition = z.infer<typeof AgentDefinitionSchema>;
export type AgentDefinitionInput = z.input<typeof AgentDefinitionSchema>;

export const LineageFileSchema = z
  .object({
    version: z.literal(1),
    agents: z.array(AgentDefinitionSchema).min(1),
  })
  .strict()
  .superRefine((file, context) => {
    const names = new Map<string, number>();
    file.agents.forEach((agent, index) => {
      const key = agent.name.toLowerCase();
      if (names.has(key)) {
        context.addIssue({
          code: 'custom',
          path: ['agents', index, 'name'],
          message: `"${agent.name}" is already defined at agents[${names.get(key)}]`,
        });
      }
      names.set(key, index);
    });
    file.agents.forEach((agent, index) => {
      if (agent.toolsets.includes('builder') && !agent.builder) {
        context.addIssue({
          code: 'custom',
          path: ['agents', index, 'toolsets'],
          message: 'the builder toolset needs builder: true',
        });
      }
      if (agent.parent === null) return;
      if (agent.parent.toLowerCase() === agent.name.toLowerCase()) {
        context.addIssue({
          code: 'custom',
          path: ['agents', index, 'parent'],
          message: 'an agent is not its own parent',
        });
      } else if (!names.has(agent.parent.toLowerCase())) {
        context.addIssue({
          code: 'custom',
          path: ['agents', index, 'parent'],
          message: `"${agent.parent}" is no agent of this file`,
        });
      }
    });
  });

export type LineageFile = z.infer<typeof LineageFileSchema>;
