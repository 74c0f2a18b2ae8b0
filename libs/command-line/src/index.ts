export { readCommandLine, UsageError } from './read-command-line';
