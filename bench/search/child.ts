// Child-process entry for one measurement: reads the job from argv, replies with the row over IPC.
import { type Job, runJob } from './job.js';

const job = JSON.parse(process.argv[2] ?? '') as Job;
const row = await runJob(job);
process.send?.(row);
