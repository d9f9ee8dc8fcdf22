import os from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** One line for under a results table. */
export function machineNote(info: MachineInfo = machineInfo()): string {
  return `Machine: ${info.cores} cores (${info.cpuModel}), ${info.memoryGiB} GiB, Node ${info.node}, ${info.platform}.`;
}
