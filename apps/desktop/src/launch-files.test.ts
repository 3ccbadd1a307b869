import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphFilesFromArgv, isGraphFile, withGraphExtension } from './launch-files.ts';

describe('files from the command line', () => {
  it('[desktop.L1] keeps graph files, resolved against the working directory; drops flags, the app and other files', () => {
    const cwd = resolve('/home/ana/ads');
    const argv = [
      '/opt/Adloom/adloom-desktop',
      '--no-sandbox',
      'spring.adloom.json',
      '/tmp/Other.ADLOOM.JSON',
      'notes.json',
      '--inspect=9229',
      'spring.adloom.json',
    ];
    expect(graphFilesFromArgv(argv, cwd)).toEqual([resolve(cwd, 'spring.adloom.json'), resolve('/tmp/Other.ADLOOM.JSON')]);
    // In development the app folder comes second: it is not a graph.
    expect(graphFilesFromArgv(['/usr/bin/electron', '/repo/apps/desktop'], cwd)).toEqual([]);
  });

  it('[desktop.L2] gives a saved file the graph extension when the dialog left it off', () => {
    expect(withGraphExtension('/a/Spring')).toBe('/a/Spring.adloom.json');
    expect(withGraphExtension('/a/Spring.json')).toBe('/a/Spring.adloom.json');
    expect(withGraphExtension('/a/Spring.adloom.json')).toBe('/a/Spring.adloom.json');
    expect(isGraphFile('x.Adloom.Json')).toBe(true);
  });
});
