// Entry of the checkpoint thread: registers tsx, then loads checkpoint-thread.ts (as the search threads' entry does).
import { register } from 'tsx/esm/api';

register();
await import('./checkpoint-thread.ts');
