import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { commandById, formatKeys } from '../app/commands.ts';
import { useEditor } from '../app/editor-context.tsx';
import type { AssistantItem } from '../assistant/assistant-state.ts';
import type { AssistantState } from '../assistant/assistant-store.ts';

function useAssistant<T>(selector: (state: AssistantState) => T): T {
  return useStore(useEditor().assistant.store, selector);
}

const ENDINGS: Partial<Record<NonNullable<AssistantItem['status']>, string>> = {
  stopped: 'Stopped at the step limit: nothing was changed.',
  invalid: 'The edits would have left the graph invalid: nothing was changed.',
  cancelled: 'Stopped.',
  refused: 'Nothing to do without a message.',
};

const OUTCOMES: Record<NonNullable<AssistantItem['outcome']>, string> = {
  applied: 'Applied as one undo step.',
  discarded: 'Discarded: the graph was left as it was.',
  refused: 'Not applied: it no longer fits the graph.',
};

function DiffLine({ line }: { line: string }) {
  const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'remove' : 'change';
  return (
    <li className={`assistant-diff-line ${kind}`} title={line}>
      {line}
    </li>
  );
}

function Confirm({ item, isLive }: { item: AssistantItem; isLive: boolean }) {
  const editor = useEditor();
  if (!item.confirm) return null;
  const { question, answer } = item.confirm;
  return (
    <div className="assistant-confirm" data-testid="assistant-confirm">
      <div>{question}</div>
      {answer === undefined && isLive ? (
        <div className="button-row">
          <button type="button" className="button primary" onClick={() => void editor.assistant.confirm(true)}>
            Yes, run it
          </button>
          <button type="button" className="button" onClick={() => void editor.assistant.confirm(false)}>
            No
          </button>
        </div>
      ) : (
        <div className="muted">{answer === true ? 'You said yes.' : answer === false ? 'You said no.' : ''}</div>
      )}
    </div>
  );
}

/** Past this length a finished answer (a run's full summary) shows its start, and the rest on asking. */
const LONG_ANSWER = 700;

function AnswerText({ text, isDone }: { text: string; isDone: boolean }) {
  const [isExpanded, setExpanded] = useState(false);
  const isLong = isDone && text.length > LONG_ANSWER;
  return (
    <>
      <div className={`assistant-text${isLong && !isExpanded ? ' clamped' : ''}`}>{text}</div>
      {isLong ? (
        <button type="button" className="link-button assistant-more" onClick={() => setExpanded(!isExpanded)}>
          {isExpanded ? 'Show less' : 'Show all'}
        </button>
      ) : null}
    </>
  );
}

function Message({ item, isLive }: { item: AssistantItem; isLive: boolean }) {
  if (item.role === 'user') {
    return (
      <div className="assistant-message user" data-role="user">
        {item.text}
      </div>
    );
  }
  const isWorking = isLive && !item.status;
  const ending = item.status ? ENDINGS[item.status] : undefined;
  return (
    <div className="assistant-message assistant" data-role="assistant" data-status={item.status ?? 'running'}>
      {item.tools.length ? (
        <ul className="assistant-tools">
          {item.tools.map((tool, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: tool steps are only ever appended
              key={i}
              className={`assistant-tool ${tool.ok ? 'ok' : 'failed'}`}
              title={tool.name}
            >
              <span className="assistant-tool-mark" role="img" aria-label={tool.ok ? 'done' : 'failed'}>
                {tool.ok ? '✓' : '✗'}
              </span>
              {tool.summary}
            </li>
          ))}
        </ul>
      ) : null}
      {item.text ? <AnswerText text={item.text} isDone={!!item.status} /> : null}
      {item.questions.map((question) => (
        <div key={question} className="assistant-question" data-testid="assistant-question">
          <span className="assistant-question-mark">?</span>
          {question}
        </div>
      ))}
      {item.proposal?.length ? (
        <details className="assistant-past-diff">
          <summary>
            Proposed {item.proposal.length} change{item.proposal.length === 1 ? '' : 's'}
          </summary>
          <ul className="assistant-diff">
            {item.proposal.map((line) => (
              <DiffLine key={line} line={line} />
            ))}
          </ul>
        </details>
      ) : null}
      {item.outcome ? <div className={`assistant-outcome ${item.outcome}`}>{OUTCOMES[item.outcome]}</div> : null}
      <Confirm item={item} isLive={isLive} />
      {item.errors.map((error) => (
        <div key={error} className="assistant-error" role="alert">
          {error}
        </div>
      ))}
      {ending ? <div className="assistant-ending muted">{ending}</div> : null}
      {isWorking ? <div className="assistant-working">Working…</div> : null}
    </div>
  );
}

/** Apply and Discard for the proposal shown on the canvas, with its diff line by line. */
function PendingProposal() {
  const editor = useEditor();
  const pending = useAssistant((s) => s.pending);
  if (!pending) return null;
  const { markers } = pending.view;
  const counts = [
    [Object.keys(markers.added).length, 'new'],
    [Object.keys(markers.changed).length, 'changed'],
    [markers.removed.size, 'removed'],
  ] as const;
  return (
    <section className="assistant-proposal" data-testid="assistant-proposal">
      <div className="assistant-proposal-head">
        <span>Proposed change</span>
        <span className="assistant-proposal-counts">
          {counts
            .filter(([n]) => n > 0)
            .map(([n, what]) => (
              <span key={what} className={`assistant-count ${what}`}>
                {n} {what}
              </span>
            ))}
        </span>
      </div>
      <ul className="assistant-diff">
        {pending.lines.map((line) => (
          <DiffLine key={line} line={line} />
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button primary" data-testid="assistant-apply" onClick={() => editor.assistant.apply()}>
          Apply
        </button>
        <button type="button" className="button" data-testid="assistant-discard" onClick={() => editor.assistant.discard()}>
          Discard
        </button>
        <span className="muted assistant-proposal-hint">Shown on the canvas; one undo step once applied.</span>
      </div>
    </section>
  );
}

const EXAMPLES = [
  'six TikTok variants for the kayak launch, 15 s videos, energetic',
  'two Meta feed ads for trail shoes with a landing page each',
  'why did the last run fail?',
];

function Composer() {
  const editor = useEditor();
  const isRunning = useAssistant((s) => s.conversation.turnId !== null);
  const [draft, setDraft] = useState('');
  const send = () => {
    if (!draft.trim() || editor.assistant.isRunning) return;
    void editor.assistant.send(draft);
    setDraft('');
  };
  return (
    <form
      className="assistant-composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        data-assistant-input
        className="field-input"
        aria-label="Message to the assistant"
        placeholder="Say what you want: a brief, an edit, or a question. Enter sends, Shift+Enter for a new line."
        rows={3}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === 'Escape' && !editor.view.getState().dialog) {
            // Back to the canvas, as from any field; the panel stays open.
            e.currentTarget.blur();
          }
        }}
      />
      <div className="button-row">
        {isRunning ? (
          <button
            type="button"
            className="button danger"
            data-testid="assistant-stop"
            onClick={() => void editor.assistant.stop()}
          >
            ■ Stop
          </button>
        ) : (
          <button type="submit" className="button primary" disabled={!draft.trim()}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}

/** The assistant, docked beside the inspector: the conversation, the proposal, the message box. */
export function AssistantPanel() {
  const editor = useEditor();
  const items = useAssistant((s) => s.conversation.items);
  const turnId = useAssistant((s) => s.conversation.turnId);
  const isUnavailable = useAssistant((s) => s.isUnavailable);
  const hasPending = useAssistant((s) => s.pending !== null);
  const list = useRef<HTMLDivElement>(null);
  // Follow the streamed answer, as a chat does.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls whenever the messages change
  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [items, hasPending]);
  const keys = commandById('assistant').keys?.[0];
  return (
    <aside className="side-panel assistant-panel" aria-label="Assistant" data-testid="assistant-panel">
      <div className="panel-header">
        Assistant
        <button
          type="button"
          className="link-button assistant-new"
          onClick={() => void editor.assistant.newConversation()}
          disabled={!items.length}
          title="Forget this graph's conversation"
        >
          New conversation
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Close the assistant"
          title={`Close (${keys ? formatKeys(keys) : ''})`}
          onClick={() => editor.assistant.toggle(false)}
        >
          ×
        </button>
      </div>
      <div className="assistant-messages" ref={list} aria-live="polite">
        {isUnavailable ? (
          <div className="assistant-error">
            This host has no assistant. Update Adloom, or use `adloom assist` on the command line.
          </div>
        ) : null}
        {!items.length ? (
          <div className="assistant-empty">
            <p>
              Describe the pipeline you want, ask for an edit of this graph, or ask about a node. Changes are shown on the canvas
              first; nothing is applied until you say so.
            </p>
            <div className="assistant-examples-title">Try</div>
            <ul className="assistant-examples">
              {EXAMPLES.map((example) => (
                <li key={example}>
                  <button type="button" className="assistant-example" onClick={() => void editor.assistant.send(example)}>
                    {example}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: messages are only ever appended
          <Message key={i} item={item} isLive={turnId !== null && i === items.length - 1} />
        ))}
      </div>
      <PendingProposal />
      <Composer />
    </aside>
  );
}
