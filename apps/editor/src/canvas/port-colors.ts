import { PORT_TYPES, type PortType } from '@adloom/graph';

/** A colour per port type, the same on handles, wires and type badges. Readable on the dark canvas. */
export const PORT_COLORS: Record<PortType, string> = {
  text: '#e2c56b',
  number: '#7fc8f8',
  boolean: '#f28fad',
  json: '#b4b8c5',
  image: '#8bd18b',
  video: '#c49bf2',
  audio: '#f7a35c',
  file: '#8fa3bf',
  copy: '#ff8a70',
  variant: '#5fd4c4',
};

const FALLBACK = '#8a8f9c';

export function portColor(type: string): string {
  return (PORT_TYPES as readonly string[]).includes(type) ? PORT_COLORS[type as PortType] : FALLBACK;
}

/** CSS custom properties for edges, one per type: `.edge-text path { stroke: var(--port-text) }`. */
export function portColorVariables(): Record<string, string> {
  return Object.fromEntries(PORT_TYPES.map((type) => [`--port-${type}`, PORT_COLORS[type]]));
}
