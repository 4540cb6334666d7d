/** Builds the web app and @samvad/embed once before the browser test files run (they run in parallel). */
import { ensureEmbedBuilt, ensureWebBuilt } from './harness.js';

export default function setup(): void {
  ensureWebBuilt();
  ensureEmbedBuilt();
}
