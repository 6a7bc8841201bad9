import { ensureBuild } from './ensure-build';

/** `npm start`: build the UI if needed, then run Sightline (UI, ingest and demo in one process). */
ensureBuild();
await import('../server/main');
