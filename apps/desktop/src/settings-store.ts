import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@adloom/engine';
import { type Settings, settingsSchema } from '@adloom/server/api';

/** The editor's settings (providers, defaults, recent files) in the user data folder, written atomically. */
export class SettingsStore {
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  /** The saved settings; defaults when there are none or they no longer parse. */
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
