/** The unit project's global setup: a PostgreSQL for the specs when DATABASE_URL names none (see useTestDatabase). */
export { useTestDatabase as default } from './test-database';
