import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../spec/', import.meta.url));
export const load = (rel) => JSON.parse(readFileSync(root + rel, 'utf8'));
