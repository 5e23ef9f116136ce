// Entry of each search thread. The worker is TypeScript like the rest of the bot, so the thread registers tsx before
// loading it: the same in `npm start`, vitest and the benchmark. (`--import tsx` in the thread's execArgv is not
// enough: under vitest it is not applied to worker threads.)
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');

export default worker.default;
export const version = worker.version;
