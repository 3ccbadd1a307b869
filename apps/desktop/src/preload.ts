// The preload: runs sandboxed in the editor's window, exposes the Host as `window.adloomHost`
// (the editor looks for it before falling back to HTTP). Bundled to one CommonJS file that
// requires nothing but `electron` (see build.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadHost } from './preload-host.ts';

contextBridge.exposeInMainWorld('adloomHost', createPreloadHost(ipcRenderer));
