/**
 * Child process for the decision log crash test: takes `count` decisions on the database at argv[2] with batches of
 * `maxBatch` and no timer (an hour), says how many it answered, then waits to be killed with SIGKILL.
 */
import { AccessDecider } from '../../db/access.js';
import { DecisionLog } from '../../db/access-log.js';
import { openDatabase } from '../../db/connection.js';

const [path, count, maxBatch] = [process.argv[2] as string, Number(process.argv[3]), Number(process.argv[4])];
const db = openDatabase(path);
const decider = new AccessDecider(db, 'Asia/Ho_Chi_Minh', 'TEST', DecisionLog.of(db, { maxBatch, maxDelayMs: 3_600_000 }));
const at = Date.parse('2026-11-23T10:00:00+07:00');
const answers: string[] = [];
for (let i = 0; i < count; i++) answers.push(decider.decide(i % 2 === 0 ? 'park-in' : 'park-out', 'DEADBEEF', at + i).reason);
process.stdout.write(`${JSON.stringify(answers)}\n`);
setInterval(() => undefined, 60_000);
