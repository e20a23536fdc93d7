// The gateway's PostgreSQL schema and what each service's role may do with it; the connection pool and the URL are the
// platform's.
export { migrate, migrationsDir } from './migrations';
export { TABLE_GRANTS, FUNCTION_GRANTS, RIGHT_PRIVILEGES } from './grants';
export { isDatabaseUnavailable } from './database-unavailable';
