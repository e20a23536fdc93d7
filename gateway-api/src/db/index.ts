// The gateway's PostgreSQL schema; the connection pool and the URL are the platform's.
export { migrate, migrationsDir } from './migrations';
