import { ReactFlowProvider } from '@xyflow/react';
import { useStore } from 'zustand';
import { Canvas } from '../canvas/canvas.tsx';
import { portColorVariables } from '../canvas/port-colors.ts';
import { AssistantPanel } from '../chrome/assistant-panel.tsx';
import { Dialogs } from '../chrome/dialogs.tsx';
import { HostBanner, HostGate } from '../chrome/host-gate.tsx';
import { ProblemsPanel } from '../chrome/problems-panel.tsx';
import { ResultsPanel } from '../chrome/results-panel.tsx';
import { PastRunBanner, RunHistoryPanel } from '../chrome/run-history-panel.tsx';
import { StatusBar } from '../chrome/status-bar.tsx';
import { Toasts } from '../chrome/toasts.tsx';
import { Toolbar } from '../chrome/toolbar.tsx';
import { Inspector } from '../inspector/inspector.tsx';
import { NodeLibrary } from '../palette/node-library.tsx';
import { useEditor, useView } from './editor-context.tsx';
import { useEditorKeys } from './use-editor-keys.ts';

const PORT_VARIABLES = portColorVariables();

function Workbench() {
  const editor = useEditor();
  useEditorKeys(editor);
  const showLibrary = useView((s) => s.showLibrary);
  const showProblems = useView((s) => s.showProblems);
  const showResults = useView((s) => s.showResults);
  const showAssistant = useStore(editor.assistant.store, (s) => s.isOpen);
  const showHistory = useStore(editor.history.store, (s) => s.isOpen);
  return (
    <div className="workbench" style={PORT_VARIABLES}>
      <Toolbar />
      <HostBanner />
      <div className="workbench-main">
        {showLibrary ? <NodeLibrary /> : null}
        <div className="workbench-center">
          <PastRunBanner />
          <Canvas />
          {showProblems || showResults || showHistory ? (
            <div className="bottom-panels">
              {showProblems ? <ProblemsPanel /> : null}
              {showHistory ? <RunHistoryPanel /> : null}
              {showResults ? <ResultsPanel /> : null}
            </div>
          ) : null}
        </div>
        {showAssistant ? <AssistantPanel /> : null}
        <Inspector />
      </div>
      <StatusBar />
      <Dialogs />
      <Toasts />
    </div>
  );
}

export function App() {
  const hasCatalog = useView((s) => s.catalog !== null);
  // Until the host has answered once there is nothing to edit with.
  if (!hasCatalog) return <HostGate />;
  return (
    <ReactFlowProvider>
      <Workbench />
    </ReactFlowProvider>
  );
}
