/** How a service reaches its own PostgreSQL database through Prisma: URLs, clients and migrations. */
export * from './database-url';
export * from './database-ready';
export * from './lost-connections';
export * from './maintenance-connection';
export * from './prisma-client';
