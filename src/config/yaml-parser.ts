// yaml is CommonJS. A bundler gives `import('yaml')` of it only a default export (where Node
// also finds its named ones), so the bundled CLI (dist/bundle) loads it through this static
// re-export, kept in its own module so YAML's parser still loads only for YAML definitions.
export { parseDocument } from 'yaml';
