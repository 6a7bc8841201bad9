import { ensureBuild } from '../scripts/ensure-build';

/** End-to-end tests drive the production build, as users run it. */
export default function setup(): void {
  ensureBuild();
}
