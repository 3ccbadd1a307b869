import { type ReactNode, useRef } from 'react';

const PLACEHOLDER = /\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/g;

/** The text split into plain runs and `{{name}}` marks, for the highlight layer. */
export function highlightPlaceholders(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    parts.push(
      <mark key={index} className="placeholder-mark">
        {match[0]}
      </mark>,
    );
    last = index + match[0].length;
  }
  parts.push(text.slice(last));
  // A trailing newline needs a character after it to take up a line in the layer.
  parts.push('\u200b');
  return parts;
}

/**
 * A multi-line prompt with its `{{variables}}` highlighted: the highlight layer sits behind a
 * textarea whose text is transparent (its caret is not), both with the same font and padding.
 */
export function PromptField({
  id,
  value,
  placeholder,
  isInvalid,
  onChange,
}: {
  id: string;
  value: string;
  placeholder?: string;
  isInvalid?: boolean;
  onChange: (value: string) => void;
}) {
  const layer = useRef<HTMLDivElement>(null);
  return (
    <div className={`prompt-field${isInvalid ? ' invalid' : ''}`}>
      <div className="prompt-layer" ref={layer} aria-hidden="true">
        {highlightPlaceholders(value)}
      </div>
      <textarea
        id={id}
        className="prompt-input"
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        rows={5}
        data-doc-field
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (layer.current) {
            layer.current.scrollTop = e.currentTarget.scrollTop;
            layer.current.scrollLeft = e.currentTarget.scrollLeft;
          }
        }}
      />
    </div>
  );
}
