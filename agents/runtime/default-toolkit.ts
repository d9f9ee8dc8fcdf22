/** The real tools, offering, call check, knowledge and task-text parser, as the runtime's toolkit. */
import { emptyKnowledge, type Knowledge, readKnowledge } from '../knowledge/knowledge.ts';
import { learnRoom } from '../knowledge/learn-room.ts';
import { learnStep } from '../knowledge/learn-step.ts';
import { parseTaskText } from '../tasks/parse-task-text.ts';
import { checkCall } from '../tools/check-call.ts';
import { offerTools } from '../tools/offer-tools.ts';
import { ALL_TOOLS } from '../tools/tool-catalogue.ts';
import type { AgentToolkit } from './agent-toolkit.ts';

/** Knowledge saved by an older build (or damaged) starts afresh rather than stopping the agent. */
const known = (value: unknown): Knowledge => readKnowledge(value) ?? emptyKnowledge();

export function defaultToolkit(): AgentToolkit {
  return {
    tools: ALL_TOOLS,
    offer: offerTools,
    check: checkCall,
    knowledge: {
      empty: emptyKnowledge,
      learnRoom: (knowledge, room, now) => learnRoom(known(knowledge), room, now),
      learnStep: (knowledge, tool, input, observation, roomAfter) =>
        learnStep(known(knowledge), tool, input, observation, roomAfter),
    },
    parseTaskText,
  };
}
