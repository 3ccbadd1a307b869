import type { CSSProperties } from 'react';
import type { FieldOption, InspectorField } from './inspector-fields.ts';

/** Width and height a format label names: `1080×1920`, else a ratio such as `9:16` or `1.91:1`. */
export function aspectOf(label: string): { width: number; height: number } | null {
  const size = /(\d+)\s*[×x]\s*(\d+)/.exec(label);
  if (size) return { width: Number(size[1]), height: Number(size[2]) };
  const ratio = /(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)/.exec(label);
  if (ratio) return { width: Number(ratio[1]), height: Number(ratio[2]) };
  return null;
}

/** `Google medium rectangle 300×250` → platform `Google`, name `medium rectangle 300×250`. */
function splitLabel(label: string): { platform: string; name: string } {
  const space = label.indexOf(' ');
  // A choice that is not a format (`Auto (from image.fit)`) belongs to no platform.
  if (space < 0 || !aspectOf(label)) return { platform: '', name: label };
  return { platform: label.slice(0, space), name: label.slice(space + 1) };
}

function ratioText(aspect: { width: number; height: number } | null): string {
  if (!aspect) return '';
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  if (!Number.isInteger(aspect.width) || !Number.isInteger(aspect.height)) return `${aspect.width}:${aspect.height}`;
  const d = gcd(aspect.width, aspect.height);
  const w = aspect.width / d;
  const h = aspect.height / d;
  return w > 30 || h > 30 ? `${(aspect.width / aspect.height).toFixed(2)}:1` : `${w}:${h}`;
}

/** The ratio a label names (`9:16`), else the pixel size (`300×250`: banner sizes are what people know them by). */
function sizeText(label: string, aspect: { width: number; height: number } | null): string {
  const ratio = /(\d+(?:\.\d+)?:\d+(?:\.\d+)?)/.exec(label);
  if (ratio) return ratio[1] as string;
  const size = /(\d+)\s*[×x]\s*(\d+)/.exec(label);
  return size ? `${size[1]}×${size[2]}` : ratioText(aspect);
}

/** A small box with the format's shape, at most 22 px on its long side. */
function Shape({ aspect }: { aspect: { width: number; height: number } | null }) {
  if (!aspect) return null;
  const scale = 22 / Math.max(aspect.width, aspect.height);
  const style = {
    width: `${Math.max(3, Math.round(aspect.width * scale))}px`,
    height: `${Math.max(3, Math.round(aspect.height * scale))}px`,
  } as CSSProperties;
  return (
    <span className="format-shape-box">
      <span className="format-shape" style={style} />
    </span>
  );
}

interface PresetPickerProps {
  field: InspectorField;
  inputId: string;
  onChange: (value: unknown) => void;
}

/**
 * Formats as chips with their shape and platform, grouped by platform: one or several picked
 * (image.fit makes one image per picked format). An unset param shows its default as picked.
 */
export function PresetPicker({ field, inputId, onChange }: PresetPickerProps) {
  const options = field.options ?? [];
  const current = field.isMultiple
    ? ((Array.isArray(field.value) ? field.value : Array.isArray(field.defaultValue) ? field.defaultValue : []) as unknown[])
    : [field.value ?? field.defaultValue];
  const picked = new Set(current.map(String));
  const groups = new Map<string, FieldOption[]>();
  for (const option of options) {
    const { platform } = splitLabel(option.label);
    groups.set(platform, [...(groups.get(platform) ?? []), option]);
  }
  const unknown = [...picked].filter((id) => id !== 'undefined' && !options.some((o) => String(o.value) === id));
  const toggle = (option: FieldOption) => {
    if (!field.isMultiple) {
      onChange(option.value === field.defaultValue && !field.required ? undefined : option.value);
      return;
    }
    const id = String(option.value);
    const next = picked.has(id) ? current.filter((v) => String(v) !== id) : [...current, option.value];
    onChange(next);
  };
  return (
    <fieldset id={inputId} className={`preset-picker${field.error ? ' invalid' : ''}`} aria-label={field.label} data-doc-field>
      {[...groups.entries()].map(([platform, list]) => (
        <div className="preset-group" key={platform || 'other'}>
          {platform && groups.size > 1 ? <div className="preset-platform">{platform}</div> : null}
          <div className="preset-chips">
            {list.map((option) => {
              const { name } = groups.size > 1 && platform ? splitLabel(option.label) : { name: option.label };
              const aspect = aspectOf(option.label);
              const isOn = picked.has(String(option.value));
              return (
                <button
                  type="button"
                  key={String(option.value)}
                  className={`format-chip${isOn ? ' on' : ''}${isOn && !field.isSet ? ' is-default' : ''}`}
                  aria-pressed={isOn}
                  title={`${option.label} (${String(option.value)})`}
                  data-preset={String(option.value)}
                  onClick={() => toggle(option)}
                >
                  <Shape aspect={aspect} />
                  <span className="format-name">
                    {name.replace(/\s*\d+\s*[×x]\s*\d+$/, '').replace(/\s*\d+(\.\d+)?:\d+$/, '')}
                  </span>
                  <span className="format-ratio">{sizeText(option.label, aspect)}</span>
                </button>
              );
            })}
          </div>
        </div>
      ))}
      {unknown.length ? (
        <div className="preset-unknown">
          Also:{' '}
          {unknown.map((id) => (
            <code key={id}>{id}</code>
          ))}{' '}
          (not a built-in format: defined in customPresets, or a typo)
        </div>
      ) : null}
      {!field.isSet && field.defaultValue !== undefined ? (
        <div className="field-default-note">Default formats; pick to change</div>
      ) : null}
    </fieldset>
  );
}
