/** Builds the web app once before the browser test files run (they run in parallel). */
import { ensureWebBuilt } from './harness.js';

export default function setup(): void {
  ensureWebBuilt();
}
