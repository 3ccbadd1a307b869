import '@xyflow/react/dist/style.css';
import './styles/editor.css';
import type { Host } from '@adloom/host';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { Editor } from './app/editor.ts';
import { EditorProvider } from './app/editor-context.tsx';
import { HttpHost } from './host/http-host.ts';

declare global {
  interface Window {
    /** Set by a host that injects itself (the desktop preload); otherwise the page talks HTTP. */
    adloomHost?: Host;
    /** The running editor, for end-to-end tests and debugging. */
    adloomEditor?: Editor;
  }
}

const host = window.adloomHost ?? HttpHost.fromLocation();
const editor = new Editor(host);
window.adloomEditor = editor;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <EditorProvider editor={editor}>
      <App />
    </EditorProvider>
  </StrictMode>,
);
void editor.start();
