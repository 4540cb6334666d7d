/** Reading the host app's deep link `/chat?with=<userId>&context=<json>` (docs/integration.md). */

/** The server refuses a larger context (protocol `sendMessageSchema`). */
const MAX_CONTEXT_JSON_LENGTH = 2000;

/** The `context` parameter as an object to attach, or null when it is absent or unusable. */
export function parseContextParam(raw: string | null): Record<string, unknown> | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    if (JSON.stringify(value).length > MAX_CONTEXT_JSON_LENGTH) return null;
    return value as Record<string, unknown>;
  } catch {
    return null;
  }
}
