/**
 * Sizes libuv's thread pool before anything uses it (main.ts imports this first; the pool starts
 * on first use). Argon2id hashes and every sqlite3 statement share it: at the default of 4 threads,
 * sign-ins on a machine with 4 cores or more could hold every thread and stall all queries. One
 * thread per core for hashing (packages/api/src/auth/passwords.ts caps them at that) plus four for
 * the database, files and DNS. An operator's own UV_THREADPOOL_SIZE wins.
 */
import { availableParallelism } from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism() + 4);
