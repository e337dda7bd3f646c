import { resolve } from 'node:path';

/** The repository root, both when running from src/ (tests) and from dist/ (the CLI). */
export const PACKAGE_ROOT = resolve(__dirname, '..');
