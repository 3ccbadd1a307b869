/** The kinds of value that travel along edges. Any of them may also travel as a list (`text[]`). */
export const PORT_TYPES = ['text', 'number', 'boolean', 'json', 'image', 'video', 'audio', 'file', 'copy', 'variant'] as const;

export type PortType = (typeof PORT_TYPES)[number];

export interface PortSpec {
  name: string;
  type: PortType;
  /** The port carries a whole list (`text[]`) rather than one value. */
  list?: boolean;
  /** An input that may stay unconnected. */
  optional?: boolean;
  description?: string;
}

/** `text`, `image[]`: how a port's type reads in messages and the editor. */
export function formatPortType(port: Pick<PortSpec, 'type' | 'list'>): string {
  return port.list ? `${port.type}[]` : port.type;
}

/**
 * Whether a value of type `from` may flow into an input of type `to`.
 * Lists and single values mix freely: a list into a single input maps the node over the
 * items, a single value into a list input becomes a list of one. `json` takes anything.
 */
export function arePortTypesCompatible(from: PortType, to: PortType): boolean {
  if (from === to || to === 'json') return true;
  // A file input takes any media; a text input takes numbers and booleans written as text,
  // and json (a string picked out of data is the common case; anything else is written as JSON).
  if (to === 'file' && (from === 'image' || from === 'video' || from === 'audio')) return true;
  if (to === 'text' && (from === 'number' || from === 'boolean' || from === 'json')) return true;
  return false;
}

/** `a text`, `an image[]`: a port type with its article, for messages. */
export function withArticle(port: Pick<PortSpec, 'type' | 'list'>): string {
  return `${/^[aeiou]/.test(port.type) ? 'an' : 'a'} ${formatPortType(port)}`;
}
