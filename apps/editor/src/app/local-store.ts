/** An error's message, for a toast. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A value this browser keeps for the editor (recent files, the last document); `null` when none or unreadable. */
export function readLocal<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

export function writeLocal(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or off: recent files are a convenience
  }
}
