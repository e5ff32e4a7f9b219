/** A worker thread of `plancheck validate|fill DIR`: takes jobs, answers with results. */
import { parentPort } from 'worker_threads';
import { runJob, type JobRequest } from './job';

parentPort?.on('message', async (msg: { id: number; job: JobRequest }) => {
  const result = await runJob(msg.job);
  parentPort!.postMessage({ id: msg.id, result });
});
