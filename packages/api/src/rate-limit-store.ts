// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient typing must travel with this file into every program that compiles it (the web app typechecks api sources too)
/// <reference path="./types/rate-limiter-flexible.d.ts" />
import type { Orm } from '@gatehouse/db';
import { RateLimiterRes } from 'rate-limiter-flexible';
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js';

interface Row {
  points: number | string;
  expire: number | string | null;
}

/**
 * rate-limiter-flexible store over MikroORM's own connection pool, for SQLite and PostgreSQL
 * alike. The library does the counting (consume, reward, RateLimiterRes); this class supplies the
 * storage primitive as one atomic upsert, so concurrent requests can never both take the last
 * point. The library's own SQLite store wraps its upsert in savepoints on a connection it
 * releases early, which breaks transactions sharing SQLite's single connection.
 */
export class OrmRateLimiter extends RateLimiterStoreAbstract {
  constructor(
    private readonly orm: Orm,
    opts: { keyPrefix: string; points: number; duration: number },
  ) {
    super(opts);
  }

  private query(sql: string, params: unknown[]): Promise<Row[]> {
    return this.orm.em.getConnection().execute<Row[]>(sql, params, 'all');
  }

  protected _getRateLimiterRes(_key: string, changedPoints: number, row: Row): RateLimiterRes {
    const points = Number(row.points);
    const expire = row.expire === null ? null : Number(row.expire);
    const first = changedPoints === points;
    const consumed = first ? changedPoints : points;
    return new RateLimiterRes(
      Math.max(this.points - consumed, 0),
      expire ? Math.max(expire - Date.now(), 0) : -1,
      consumed,
      first,
    );
  }

  protected async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    const now = Date.now();
    const expire = msDuration > 0 ? now + msDuration : null;
    const sql = forceExpire
      ? `insert into rate_limit (key, points, expire) values (?, ?, ?)
         on conflict (key) do update set points = excluded.points, expire = excluded.expire
         returning points, expire`
      : `insert into rate_limit (key, points, expire) values (?, ?, ?)
         on conflict (key) do update set
           points = case when rate_limit.expire is null or rate_limit.expire > ?
                         then rate_limit.points + excluded.points else excluded.points end,
           expire = case when rate_limit.expire is null or rate_limit.expire > ?
                         then rate_limit.expire else excluded.expire end
         returning points, expire`;
    const params = forceExpire ? [key, points, expire] : [key, points, expire, now, now];
    const [row] = await this.query(sql, params);
    if (!row) throw new Error('rate limit upsert returned no row');
    return row;
  }

  protected async _get(key: string): Promise<Row | null> {
    const rows = await this.query(
      'select points, expire from rate_limit where key = ? and (expire is null or expire > ?)',
      [key, Date.now()],
    );
    return rows[0] ?? null;
  }

  protected async _delete(key: string): Promise<boolean> {
    const rows = await this.query('delete from rate_limit where key = ? returning key', [key]);
    return rows.length > 0;
  }
}
