/** The tests' throw-away PostgreSQL cluster: the one `npm run bench:load` starts too (src/bench is not shipped). */
export { createDatabase, startCluster, type Cluster } from '../../src/bench/postgres';
