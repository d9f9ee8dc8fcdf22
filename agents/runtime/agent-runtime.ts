/**
 * One agent living in the game (the lifecycle of the seed document's Hermes agents):
 *
 *   start(): config (definition) → state load → memory open → connect + log in → perception
 *            (room_info) → tool help (command_help) → pending in-world requests → heartbeat → ready
 *   loop:    take a task (current, queued, backlog) or follow the standing goals slowly →
 *            offer tools → brain decides → check the call (a refusal is fed back, never sent) →
 *            execute (send the command line, or wait / complete) → observe → update knowledge,
 *            memory and trajectory → persist → iterate or complete
 *   stop():  finish the current step, persist, stop the heartbeat, close memory and the session
 *
 * State is written after every step, so a killed agent resumes its unfinished task at the step it
 * reached. Whatever goes wrong in the world is an observation; only programming errors throw.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { MudClientError, parseRoomInfo, type RoomInfo, type SessionEvent } from '../../mud-client/index.ts';
import type { Brain, Decision, RecalledMemory, StepRecord } from '../brains/brain.ts';
import type { AgentDefinition } from '../definitions/agent-definition.ts';
import { type HeartbeatJob, startHeartbeat } from '../heartbeat/heartbeat-job.ts';
import { actionImportance, observationImportance } from '../memory/importance.ts';
import { MemoryStream } from '../memory/memory-stream.ts';
import { reflectIfDue } from '../memory/reflection.ts';
import type { Task, TaskOutcome } from '../tasks/task.ts';
import type { ToolObservation } from '../tools/tool.ts';
import { TrajectoryWriter } from '../trajectory/trajectory-file.ts';
import type { AgentPaths } from './agent-paths.ts';
import { trajectoryFile } from './agent-paths.ts';
import { type AgentSession, emptyCommandResult } from './agent-session.ts';
import { type AgentState, type CurrentTask, freshState, loadState, saveState } from './agent-state.ts';
import type { AgentToolkit } from './agent-toolkit.ts';
import { finishBacklogTask, nextBacklogTask } from './backlog.ts';
import { AgentError } from './errors.ts';

/** Steps of the current task a brain sees (and state.json keeps). */
const HISTORY_LIMIT = 20;
/** An observation's text is cut beyond this before it reaches a brain, memory or trajectory. */
const OBSERVATION_CHARS = 2000;
const FINISHED_LIMIT = 50;

export interface AgentLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface TaskReport {
  task: Task;
  outcome: TaskOutcome;
  tokens: { prompt: number; completion: number };
  /** Wall time from the task's first step to its end (this process only). */
  ms: number;
}

export type RuntimeEvent =
  | { kind: 'ready'; room: RoomInfo }
  | {
      kind: 'step';
      task: Task | undefined;
      step: number;
      /** Where the agent stood and the names of the tools it was offered when it decided. */
      room: RoomInfo;
      tools: readonly string[];
      decision: Decision;
      observation: ToolObservation;
    }
  | { kind: 'task-start'; task: Task; resumedAt?: number }
  | { kind: 'task-end'; report: TaskReport }
  | { kind: 'heartbeat'; at: number };

export interface AgentRuntimeOptions {
  definition: AgentDefinition;
  paths: AgentPaths;
  password: string;
  brain: Brain;
  toolkit: AgentToolkit;
  /** A fresh, unconnected session (default in start-lineage.ts: mud-client over the definition's transport). */
  session: AgentSession;
  /** The account holds Builder (as provisioned). */
  isBuilder?: boolean;
  logger?: AgentLogger;
  now?: () => number;
  /** Read backlog.yaml for tasks (default true). */
  useBacklog?: boolean;
  /** Beat the Heartbeat Shrine (default true). */
  heartbeat?: boolean;
  /** Reflect every this many memories (default 20). */
  reflectEvery?: number;
  /** Follow the standing goals while there is no task (default true); false: wait for a task. */
  idle?: boolean;
}

const AgentRequest = z
  .object({ id: z.union([z.string(), z.number()]), from: z.string(), text: z.string().min(1) })
  .loose();
const AgentRequestsReply = z.object({ requests: z.array(AgentRequest.loose()) });
const CommandHelpReply = z.object({ help: z.record(z.string(), z.string()) });

const WORLD_TASK_PREFIX = 'world-';

export class AgentRuntime {
  readonly definition: AgentDefinition;
  private readonly _options: AgentRuntimeOptions;
  private readonly _now: () => number;
  private readonly _logger: AgentLogger;
  private readonly _listeners = new Set<(event: RuntimeEvent) => void>();
  private readonly _waiting = new Map<
    string,
    { resolve: (report: TaskReport) => void; reject: (error: Error) => void }
  >();
  private _state: AgentState | undefined;
  private _memory: MemoryStream | undefined;
  private _room: RoomInfo | undefined;
  private _helpTexts: Record<string, string> = {};
  private _heartbeat: HeartbeatJob | undefined;
  private _unsubscribe: (() => void) | undefined;
  private _loop: Promise<void> | undefined;
  private _stopping = false;
  private _stopController = new AbortController();
  private _wake: AbortController = new AbortController();
  private _idleHistory: StepRecord[] = [];
  private _trajectory: TrajectoryWriter | undefined;
  private _taskStartedMs = 0;

  constructor(options: AgentRuntimeOptions) {
    this._options = options;
    this.definition = options.definition;
    this._now = options.now ?? Date.now;
    this._logger = options.logger ?? { info: () => {}, warn: () => {} };
  }

  get name(): string {
    return this.definition.name;
  }

  /** The room the agent stands in, as last perceived. */
  get room(): RoomInfo | undefined {
    return this._room;
  }

  get state(): AgentState {
    if (!this._state) throw new AgentError('AGENT_ERR_NOT_RUNNING', `${this.name} has not started`);
    return this._state;
  }

  get memory(): MemoryStream {
    if (!this._memory) throw new AgentError('AGENT_ERR_NOT_RUNNING', `${this.name} has not started`);
    return this._memory;
  }

  onEvent(listener: (event: RuntimeEvent) => void): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** Connects, logs in, perceives, and starts the task loop; resolves once the agent is ready. */
  async start(): Promise<void> {
    const { definition, paths, session, toolkit } = this._options;
    this._state =
      loadState(paths.state) ?? freshState(definition.name, toolkit.knowledge.empty(), this._now());
    this._memory = new MemoryStream(paths.memory, { now: this._now });
    this._unsubscribe = session.onEvent(event => this._onSessionEvent(event));
    try {
      await session.connect();
      await session.login(definition.name, this._options.password);
      await session.subscribeRoomInfo(true);
      await this._firstRoom();
      this._helpTexts = await this._fetchHelp();
      await this._fetchPendingRequests();
    } catch (error) {
      await this._closeResources();
      throw error;
    }
    if (this._options.heartbeat ?? true) {
      this._heartbeat = startHeartbeat({
        session,
        intervalSeconds: definition.heartbeat,
        status: () => (this.state.task ? `working: ${this.state.task.task.title}` : 'idle'),
        onBeat: at => {
          this.state.lastHeartbeat = at;
          this._emit({ kind: 'heartbeat', at });
        },
        onMiss: reason => this._logger.warn(`${this.name}: heartbeat missed: ${reason}`),
      });
    }
    this._logger.info(`${this.name} is ready in ${this._room?.key ?? 'an unknown room'}`);
    this._emit({ kind: 'ready', room: this._room as RoomInfo });
    this._loop = this._run().catch(error => {
      this._logger.warn(`${this.name}: the task loop stopped: ${(error as Error).stack ?? error}`);
      throw error;
    });
    this._loop.catch(() => {});
  }

  /**
   * Adds a task after those already waiting; resolves when it ends (in this process). The task is
   * persisted at once, so a restart still works it (without this promise).
   */
  enqueue(task: Task): Promise<TaskReport> {
    const state = this.state;
    const promise = new Promise<TaskReport>((resolve, reject) =>
      this._waiting.set(task.id, { resolve, reject }),
    );
    if (state.task?.task.id !== task.id && !state.queue.some(queued => queued.id === task.id)) {
      state.queue.push(task);
      this._persist();
    }
    this._wakeUp();
    return promise;
  }

  /**
   * Graceful shutdown: the step under way finishes, state is saved, the heartbeat stops, memory and
   * session are closed (a clean `quit`).
   */
  async stop(): Promise<void> {
    if (this._stopping) {
      await this._loop?.catch(() => {});
      return;
    }
    this._stopping = true;
    this._stopController.abort();
    this._wakeUp();
    await this._loop?.catch(() => {});
    await this._closeResources();
    for (const waiter of this._waiting.values())
      waiter.reject(new AgentError('AGENT_ERR_NOT_RUNNING', `${this.name} stopped`));
    this._waiting.clear();
  }

  private async _closeResources(): Promise<void> {
    this._heartbeat?.stop();
    this._unsubscribe?.();
    if (this._state) this._persist();
    this._memory?.close();
    await this._options.session.close().catch(() => {});
  }

  // ---- start-up ----

  private async _firstRoom(): Promise<void> {
    for (const wait of [3000, 10_000]) {
      if (this._room) return;
      const arrived = new Promise<void>(resolve => {
        const check = setInterval(() => {
          if (this._room) done();
        }, 20);
        const timer = setTimeout(done, wait);
        function done() {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      });
      await arrived;
      if (!this._room) await this._options.session.send('look').catch(() => undefined);
    }
    if (!this._room)
      throw new AgentError('AGENT_ERR_NOT_RUNNING', `${this.name} got no room_info from the server`, {
        fix: 'the game must be evennia-game (room_info_subscribe); is it running?',
      });
  }

  private async _fetchHelp(): Promise<Record<string, string>> {
    try {
      const reply = await this._options.session.request('command_help', {}, { timeoutMs: 15_000 });
      const parsed = CommandHelpReply.safeParse(reply.kwargs);
      if (parsed.success) return parsed.data.help;
      this._logger.warn(`${this.name}: command_help answered outside the protocol; tool summaries are used`);
    } catch (error) {
      this._logger.warn(
        `${this.name}: no command help (${(error as Error).message}); tool summaries are used`,
      );
    }
    return {};
  }

  private async _fetchPendingRequests(): Promise<void> {
    try {
      const reply = await this._options.session.request('agent_requests', {}, { timeoutMs: 15_000 });
      const parsed = AgentRequestsReply.safeParse(reply.kwargs);
      if (!parsed.success) return;
      for (const request of parsed.data.requests) this._acceptWorldRequest(request);
    } catch (error) {
      this._logger.warn(`${this.name}: cannot list in-world requests: ${(error as Error).message}`);
    }
  }

  private _onSessionEvent(event: SessionEvent): void {
    if (event.kind !== 'oob') return;
    const room = parseRoomInfo(event);
    if (room) {
      this._room = room;
      if (this._state)
        this._state.knowledge = this._options.toolkit.knowledge.learnRoom(
          this._state.knowledge,
          room,
          this._now(),
        );
      return;
    }
    if (event.name === 'agent_request') {
      const request = AgentRequest.safeParse(event.kwargs);
      if (request.success) this._acceptWorldRequest(request.data);
    }
  }

  private _acceptWorldRequest(request: z.infer<typeof AgentRequest>): void {
    const state = this._state;
    if (!state) return;
    const id = `${WORLD_TASK_PREFIX}${request.id}`;
    const known =
      state.task?.task.id === id ||
      state.queue.some(task => task.id === id) ||
      state.finished.some(task => task.id === id);
    if (known) return;
    const text = request.text.slice(0, 2000);
    state.queue.push({
      id,
      title: text,
      goal: this._options.toolkit.parseTaskText(text),
      source: 'world',
      requestedBy: request.from,
    });
    this._logger.info(`${this.name}: ${request.from} asks "${text}"`);
    this._persist();
    this._wakeUp();
  }

  // ---- the loop ----

  private async _run(): Promise<void> {
    if (this.state.task) {
      const current = this.state.task;
      this._openTrajectory(current, true);
      this._emit({ kind: 'task-start', task: current.task, resumedAt: current.step });
    }
    while (!this._stopping) {
      const current = this.state.task ?? this._takeTask();
      if (!current && this._options.idle === false) {
        await this._pause(60_000, { wakeOnTask: true });
        continue;
      }
      await this._stepOnce(current);
      if (this._stopping) break;
      const pause = this.state.task ? this.definition.limits.taskStepMs : this.definition.limits.idleStepMs;
      await this._pause(pause, { wakeOnTask: !this.state.task });
    }
  }

  private _takeTask(): CurrentTask | undefined {
    const state = this.state;
    let task = state.queue.shift();
    if (!task && (this._options.useBacklog ?? true)) {
      try {
        task = nextBacklogTask(this._options.paths.backlog, text =>
          this._options.toolkit.parseTaskText(text),
        );
      } catch (error) {
        if (!(error instanceof AgentError)) throw error;
        this._logger.warn(`${this.name}: ${error.message}`);
      }
      if (task && state.finished.some(done => done.id === task?.id)) {
        // Finished, but the backlog file could not be updated then: move it now.
        const done = state.finished.find(entry => entry.id === task?.id);
        if (done)
          finishBacklogTask(
            this._options.paths.backlog,
            task.id,
            { status: done.status, summary: done.summary, steps: done.steps },
            done.at,
          );
        task = undefined;
      }
    }
    if (!task) return undefined;
    const current: CurrentTask = {
      task,
      step: 0,
      history: [],
      startedAt: this._now(),
      tokens: { prompt: 0, completion: 0 },
    };
    state.task = current;
    this._openTrajectory(current, false);
    this._persist();
    this._logger.info(`${this.name} takes task ${task.id}: ${task.title}`);
    this._emit({ kind: 'task-start', task });
    return current;
  }

  private _openTrajectory(current: CurrentTask, resumed: boolean): void {
    this._trajectory = new TrajectoryWriter(trajectoryFile(this._options.paths, current.task.id), this._now);
    this._taskStartedMs = performance.now();
    if (resumed && this._trajectory.exists) this._trajectory.resume(current.step);
    else
      this._trajectory.start({
        agent: this.name,
        role: this.definition.role,
        goals: this.definition.goals,
        task: current.task,
        brain: this._options.brain.name,
        room: this._room?.key ?? 'an unknown room',
      });
  }

  private async _stepOnce(current: CurrentTask | undefined): Promise<void> {
    const { toolkit, brain } = this._options;
    const room = this._room as RoomInfo;
    const state = this.state;
    const stepNumber = (current?.step ?? 0) + 1;
    const offered = toolkit.offer(toolkit.tools, room, {
      toolsets: this.definition.toolsets,
      isBuilder: this._options.isBuilder ?? this.definition.builder,
      helpTexts: this._helpTexts,
      taskRunning: current !== undefined,
    });
    const history = current ? current.history : this._idleHistory;
    let decision: Decision;
    try {
      decision = await brain.decide({
        agent: { name: this.name, role: this.definition.role, goals: this.definition.goals },
        task: current?.task,
        room,
        knowledge: state.knowledge,
        memories: this._recall(current?.task, room),
        history: [...history],
        tools: offered,
        step: stepNumber,
        signal: this._stopController.signal,
      });
    } catch (error) {
      if (this._stopping) return;
      // A brain must fall back by itself; one that throws is a bug, but the agent keeps living.
      this._logger.warn(`${this.name}: the ${brain.name} brain failed: ${(error as Error).message}`);
      decision = {
        tool: 'wait',
        input: { seconds: 5 },
        reason: `brain error: ${(error as Error).message}`,
        brain: brain.name,
      };
    }
    const { observation, outcome } = await this._execute(decision, offered);
    const roomAfter = this._room as RoomInfo;
    state.knowledge = toolkit.knowledge.learnStep(
      state.knowledge,
      decision.tool,
      decision.input,
      observation,
      roomAfter,
    );
    this._remember(decision, observation, roomAfter.dbref !== room.dbref);
    const record: StepRecord = {
      tool: decision.tool,
      input: decision.input,
      reason: decision.reason,
      observation,
    };
    history.push(record);
    if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
    state.stats.steps++;
    state.lastStepAt = this._now();
    if (current) {
      current.step = stepNumber;
      if (decision.tokens) {
        current.tokens.prompt += decision.tokens.prompt;
        current.tokens.completion += decision.tokens.completion;
      }
      this._trajectory?.step(stepNumber, decision, observation);
    }
    this._emit({
      kind: 'step',
      task: current?.task,
      step: stepNumber,
      room,
      tools: offered.map(tool => tool.definition.name),
      decision,
      observation,
    });
    if (current) {
      const limit = current.task.maxIterations ?? this.definition.limits.maxIterations;
      if (outcome) this._finishTask(current, { ...outcome, steps: stepNumber });
      else if (stepNumber >= limit)
        this._finishTask(current, {
          status: 'failed',
          summary: `gave up after ${stepNumber} steps (the limit)`,
          steps: stepNumber,
        });
    }
    this._persist();
  }

  private _recall(task: Task | undefined, room: RoomInfo): RecalledMemory[] {
    const query = `${task?.title ?? this.definition.goals.join(' ')} ${room.key}`;
    return this.memory
      .retrieve(query, { limit: 8, charBudget: 1500 })
      .map(({ kind, text, importance, at }) => ({ kind, text, importance, at }));
  }

  private async _execute(
    decision: Decision,
    offered: Parameters<AgentToolkit['check']>[0],
  ): Promise<{ observation: ToolObservation; outcome?: Omit<TaskOutcome, 'steps'> }> {
    const check = this._options.toolkit.check(offered, decision.tool, decision.input);
    if (!check.ok) {
      this._logger.warn(`${this.name}: refused ${decision.tool}: ${check.refused}`);
      return { observation: { ok: false, text: `Refused: ${check.refused}`, refused: check.refused } };
    }
    const definition = check.tool.definition;
    const room = this._room as RoomInfo;
    const line = definition.build(check.input, { room });
    if (line === null) {
      if (definition.name === 'wait') {
        const seconds = Number((check.input as { seconds?: number }).seconds ?? 1);
        await this._pause(seconds * 1000, { wakeOnTask: !this.state.task });
      }
      const observation = bounded(definition.parse(emptyCommandResult(), check.input));
      if (definition.name === 'complete') {
        const { status, summary } = check.input as { status: 'completed' | 'failed'; summary: string };
        return { observation, outcome: { status, summary } };
      }
      return { observation };
    }
    try {
      const result = await this._options.session.send(line);
      return { observation: bounded(definition.parse(result, check.input)) };
    } catch (error) {
      if (!(error instanceof MudClientError)) throw error;
      return { observation: { ok: false, text: `Failed: ${error.message}` } };
    }
  }

  private _remember(decision: Decision, observation: ToolObservation, newRoom: boolean): void {
    const memory = this.memory;
    memory.add({
      kind: 'action',
      text: `${decision.tool} ${JSON.stringify(decision.input ?? {})}: ${decision.reason}`,
      importance: actionImportance(decision.tool),
    });
    const prefix = observation.refused ? 'Refused' : observation.ok ? '' : 'Failed';
    const place = newRoom && this._room ? ` Arrived in ${this._room.key}.` : '';
    memory.add({
      kind: 'observation',
      text: `${prefix && !observation.text.startsWith(prefix) ? `${prefix}: ` : ''}${observation.text}${place}`,
      importance: observationImportance(decision.tool, observation, newRoom),
    });
    reflectIfDue(memory, { every: this._options.reflectEvery ?? 20 });
  }

  private _finishTask(current: CurrentTask, outcome: TaskOutcome): void {
    const state = this.state;
    const { task } = current;
    const now = this._now();
    this._trajectory?.end(outcome, current.tokens);
    this._trajectory = undefined;
    this.memory.add({
      kind: 'observation',
      text: `Task ${outcome.status}: ${task.title}. ${outcome.summary}`,
      importance: outcome.status === 'completed' ? 7 : 8,
    });
    state.task = null;
    if (outcome.status === 'completed') state.stats.tasksCompleted++;
    else state.stats.tasksFailed++;
    state.finished.push({ id: task.id, title: task.title, ...outcome, at: now });
    if (state.finished.length > FINISHED_LIMIT)
      state.finished.splice(0, state.finished.length - FINISHED_LIMIT);
    this._persist();
    if (task.source === 'backlog') {
      try {
        finishBacklogTask(this._options.paths.backlog, task.id, outcome, now);
      } catch (error) {
        if (!(error instanceof AgentError)) throw error;
        this._logger.warn(`${this.name}: ${error.message}`);
      }
    }
    if (task.source === 'world' && task.id.startsWith(WORLD_TASK_PREFIX)) {
      const id = task.id.slice(WORLD_TASK_PREFIX.length);
      this._options.session
        .request('agent_request_done', {
          id: /^\d+$/.test(id) ? Number(id) : id,
          status: outcome.status,
          summary: outcome.summary,
        })
        .catch(error =>
          this._logger.warn(`${this.name}: agent_request_done failed: ${(error as Error).message}`),
        );
    }
    const report: TaskReport = {
      task,
      outcome,
      tokens: { ...current.tokens },
      ms: performance.now() - this._taskStartedMs,
    };
    this._logger.info(
      `${this.name}: task ${task.id} ${outcome.status} in ${outcome.steps} steps: ${outcome.summary}`,
    );
    this._emit({ kind: 'task-end', report });
    const waiter = this._waiting.get(task.id);
    this._waiting.delete(task.id);
    waiter?.resolve(report);
  }

  private _persist(): void {
    const state = this._state;
    if (!state) return;
    state.updatedAt = this._now();
    saveState(this._options.paths.state, state);
  }

  private async _pause(ms: number, options: { wakeOnTask: boolean }): Promise<void> {
    if (ms <= 0 || this._stopping) return;
    const signals = [this._stopController.signal];
    if (options.wakeOnTask) {
      if (this.state.queue.length > 0) return;
      signals.push(this._wake.signal);
    }
    try {
      await sleep(ms, undefined, { signal: AbortSignal.any(signals) });
    } catch {
      // Woken early: a task arrived or the agent stops.
    }
  }

  private _wakeUp(): void {
    this._wake.abort();
    this._wake = new AbortController();
  }

  private _emit(event: RuntimeEvent): void {
    for (const listener of [...this._listeners]) {
      try {
        listener(event);
      } catch (error) {
        this._logger.warn(`${this.name}: an event listener failed: ${(error as Error).message}`);
      }
    }
  }
}

function bounded(observation: ToolObservation): ToolObservation {
  if (observation.text.length <= OBSERVATION_CHARS) return observation;
  return { ...observation, text: `${observation.text.slice(0, OBSERVATION_CHARS - 1)}…` };
}
