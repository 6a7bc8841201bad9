import { ensureBuild } from '../../scripts/ensure-build';

/** The fault suite drives the production build, like the e2e tests. */
export default function setup(): void {
  ensureBuild();
}
