import { useEffect, useState } from 'react';
import type { InspectorField } from './inspector-fields.ts';
import { PresetPicker } from './preset-picker.tsx';
import { PromptField } from './prompt-field.tsx';

/** Model names offered by the model picker beside the defaults from settings; any name may be typed. */
const KNOWN_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1', 'gpt-image-1', 'llama3.1', 'qwen2.5', 'mistral'];

interface FieldProps {
  field: InspectorField;
  inputId: string;
  /** `undefined` removes the param, so the node's default applies. */
  onChange: (value: unknown) => void;
  modelSuggestions?: string[];
}

function parseNumber(text: string, isInteger: boolean): number | undefined | 'invalid' {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return 'invalid';
  if (isInteger && !Number.isInteger(n)) return 'invalid';
  return n;
}

/** A number typed as text: kept as typed while it is half-written (`-`, `1.`), written to the graph when it reads. */
function NumberInput({ field, inputId, onChange }: FieldProps) {
  const external = field.value === undefined ? '' : String(field.value);
  const [text, setText] = useState(external);
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    setText((current) => (parseNumber(current, field.kind === 'integer') === field.value ? current : external));
  }, [external, field.value, field.kind]);
  return (
    <>
      <input
        id={inputId}
        type="number"
        className={`field-input${local || field.error ? ' invalid' : ''}`}
        value={text}
        min={field.min}
        max={field.max}
        step={field.step ?? 'any'}
        placeholder={field.placeholder}
        data-doc-field
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseNumber(e.target.value, field.kind === 'integer');
          if (parsed === 'invalid') {
            setLocal(field.kind === 'integer' ? 'a whole number is needed' : 'this is not a number');
            return;
          }
          setLocal(null);
          onChange(parsed);
        }}
      />
      {local ? <div className="field-error">{local}</div> : null}
    </>
  );
}

/** JSON typed as text: written to the graph when it parses. */
function JsonInput({ field, inputId, onChange }: FieldProps) {
  const external = field.value === undefined ? '' : JSON.stringify(field.value, null, 2);
  const [text, setText] = useState(external);
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    setText((current) => {
      try {
        if (current.trim() && JSON.stringify(JSON.parse(current)) === JSON.stringify(field.value)) return current;
      } catch {
        // fall through to the graph's value
      }
      return external;
    });
  }, [external, field.value]);
  return (
    <>
      <textarea
        id={inputId}
        className={`field-input mono${local || field.error ? ' invalid' : ''}`}
        rows={Math.min(10, Math.max(3, text.split('\n').length))}
        value={text}
        spellCheck={false}
        data-doc-field
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setLocal(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setLocal(null);
          } catch {
            setLocal('not valid JSON yet');
          }
        }}
      />
      {local ? <div className="field-error">{local}</div> : null}
    </>
  );
}

export function FieldInput(props: FieldProps) {
  const { field, inputId, onChange } = props;
  const invalid = field.error ? ' invalid' : '';
  const text = typeof field.value === 'string' ? field.value : field.value === undefined ? '' : String(field.value);
  /** An emptied optional text field removes the param, so the default applies again. */
  const writeText = (value: string) => onChange(value === '' && !field.required ? undefined : value);

  switch (field.kind) {
    case 'multiline':
      return (
        <PromptField id={inputId} value={text} placeholder={field.placeholder} isInvalid={!!field.error} onChange={writeText} />
      );
    case 'number':
    case 'integer':
      return <NumberInput {...props} />;
    case 'boolean': {
      const checked = typeof field.value === 'boolean' ? field.value : field.defaultValue === true;
      return (
        <label className="field-check">
          <input id={inputId} type="checkbox" checked={checked} data-doc-field onChange={(e) => onChange(e.target.checked)} />
          <span>{checked ? 'On' : 'Off'}</span>
          {!field.isSet && field.defaultValue !== undefined ? <span className="field-default">default</span> : null}
        </label>
      );
    }
    case 'enum':
    case 'provider':
    case 'preset':
      if (field.kind === 'preset' && field.options) return <PresetPicker {...props} />;
      if (field.options) {
        const current = field.value === undefined ? '' : String(field.value);
        return (
          <select
            id={inputId}
            className={`field-input${invalid}`}
            value={current}
            data-doc-field
            onChange={(e) => {
              const option = field.options?.find((o) => String(o.value) === e.target.value);
              onChange(option ? option.value : undefined);
            }}
          >
            {!field.required || field.value === undefined ? (
              <option value="">
                {field.defaultValue !== undefined
                  ? `Default (${field.options.find((o) => o.value === field.defaultValue)?.label ?? String(field.defaultValue)})`
                  : '—'}
              </option>
            ) : null}
            {field.options.map((option) => (
              <option key={String(option.value)} value={String(option.value)}>
                {option.label}
              </option>
            ))}
            {field.value !== undefined && !field.options.some((o) => o.value === field.value) ? (
              <option value={current}>{current} (not allowed)</option>
            ) : null}
          </select>
        );
      }
      return (
        <input
          id={inputId}
          className={`field-input${invalid}`}
          value={text}
          placeholder={field.placeholder}
          data-doc-field
          onChange={(e) => writeText(e.target.value)}
        />
      );
    case 'color': {
      const color = /^#[0-9a-f]{6}$/i.test(text) ? text : typeof field.defaultValue === 'string' ? field.defaultValue : '#000000';
      return (
        <div className="field-color">
          <input
            type="color"
            value={color}
            aria-label={`${field.label} colour`}
            data-doc-field
            onChange={(e) => onChange(e.target.value)}
          />
          <input
            id={inputId}
            className={`field-input mono${invalid}`}
            value={text}
            placeholder={field.placeholder}
            data-doc-field
            onChange={(e) => writeText(e.target.value)}
          />
        </div>
      );
    }
    case 'file':
      return (
        <div className="field-file">
          <input
            id={inputId}
            className={`field-input mono${invalid}`}
            value={text}
            placeholder={field.placeholder ?? 'path/relative/to/the/graph.png'}
            data-doc-field
            onChange={(e) => writeText(e.target.value)}
          />
          {field.fileFilters?.length ? (
            <div className="field-filters">
              {field.fileFilters.map((f) => (
                <span key={f} className={`chip${text && !text.toLowerCase().endsWith(`.${f.toLowerCase()}`) ? '' : ' on'}`}>
                  .{f}
                </span>
              ))}
            </div>
          ) : null}
        </div>
      );
    case 'model': {
      const listId = `${inputId}-models`;
      const suggestions = [...new Set([...(props.modelSuggestions ?? []), ...KNOWN_MODELS])];
      return (
        <>
          <input
            id={inputId}
            className={`field-input${invalid}`}
            value={text}
            placeholder={field.placeholder}
            list={listId}
            data-doc-field
            onChange={(e) => writeText(e.target.value)}
          />
          <datalist id={listId}>
            {suggestions.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </>
      );
    }
    case 'list': {
      const items = Array.isArray(field.value) ? (field.value as unknown[]).map(String) : [];
      return (
        <textarea
          id={inputId}
          className={`field-input${invalid}`}
          rows={Math.min(8, Math.max(3, items.length + 1))}
          value={items.join('\n')}
          placeholder="One per line"
          data-doc-field
          onChange={(e) => {
            const lines = e.target.value.split('\n');
            onChange(lines.length === 1 && lines[0] === '' && !field.required ? undefined : lines);
          }}
        />
      );
    }
    case 'json':
      return <JsonInput {...props} />;
    default:
      return (
        <input
          id={inputId}
          className={`field-input${invalid}`}
          value={text}
          placeholder={field.placeholder}
          maxLength={field.maxLength}
          data-doc-field
          onChange={(e) => writeText(e.target.value)}
        />
      );
  }
}
