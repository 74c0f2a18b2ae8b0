export { releaseTestDatabase as default } from './test-database';
