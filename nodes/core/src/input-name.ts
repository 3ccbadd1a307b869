import { z } from 'zod';

/** The name a graph input is set by: `--input product=...`, the API's `inputs.product`. */
export const inputName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-", starting with a letter')
  .describe('The name callers set this input by');
