/**
 * Where an agent keeps its state: `.timmy/agents/<name>/` under the checkout's state directory
 * (`TIMMY_STATE_DIR` moves it). The folder holds `password` (0600), `state.json`, `memory.sqlite`,
 * `trajectories/<task-id>.jsonl` and `backlog.yaml`.
 */
import path from 'node:path';
import { stateDir } from '../../supervisor/paths.ts';

export interface AgentPaths {
  directory: string;
  password: string;
  state: string;
  memory: string;
  trajectories: string;
  backlog: string;
}

/** The folder of all agents. */
export function agentsDir(environment: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(environment), 'agents');
}

export function agentPaths(name: string, root = agentsDir()): AgentPaths {
  const directory = path.join(root, name);
  return {
    directory,
    password: path.join(directory, 'password'),
    state: path.join(directory, 'state.json'),
    memory: path.join(directory, 'memory.sqlite'),
    trajectories: path.join(directory, 'trajectories'),
    backlog: path.join(directory, 'backlog.yaml'),
  };
}

/** A task id as a file name: anything but letters, digits, `-`, `_` and `.` becomes `_`. */
export function trajectoryFile(paths: AgentPaths, taskId: string): string {
  const safe = taskId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return path.join(paths.trajectories, `${safe}.jsonl`);
}
