/** The live Express route table: security tests walk it so that a new route cannot be missed. */
import type { TestServer } from './harness.js';

export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  name: string;
  rawPath?: string;
  handle: { stack?: Layer[] };
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route of every router mounted on the app (Express 5 keeps each mount's raw path). */
export function routeTable(server: TestServer): RouteEntry[] {
  const app = server.app.express as unknown as { router: { stack: Layer[] } };
  const entries: RouteEntry[] = [];
  for (const layer of app.router.stack) {
    if (layer.name !== 'router' || !layer.handle.stack) continue;
    for (const inner of layer.handle.stack) {
      if (!inner.route) continue;
      for (const method of Object.keys(inner.route.methods)) {
        entries.push({ method: method.toUpperCase(), path: `${layer.rawPath ?? ''}${inner.route.path}`.replace(/\/+/g, '/') });
      }
    }
  }
  return entries;
}
