import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@adloom/engine';
import { type Settings, settingsSchema } from '../settings.ts';

/** Where a host keeps its settings. */
export interface SettingsStorage {
  /** The saved settings; defaults when there are none or they no longer parse. */
  read(): Promise<Settings>;
  /** Checks and saves; answers with what was saved (defaults filled in). */
  write(settings: Settings): Promise<Settings>;
}

/**
 * Settings in one JSON file, written atomically: `<workspace>/.adloom/settings.json` for
 * `adloom serve`, the user data folder's `settings.json` for the desktop.
 */
export class SettingsFile implements SettingsStorage {
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  async read(): Promise<Settings> {
    try {
      return settingsSchema.parse(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      return settingsSchema.parse({});
    }
  }

  async write(settings: Settings): Promise<Settings> {
    const checked = settingsSchema.parse(settings);
    await writeFileAtomic(this.file, `${JSON.stringify(checked, null, 2)}\n`);
    return checked;
  }
}
