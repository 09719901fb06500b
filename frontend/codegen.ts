import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation in src/**/*.graphql, checked against the schema
// the backend exports to the repository root. Decimal and Date arrive as
// strings and stay strings: money is never a JS number. JSON (audit values
// in the console's schema) is whatever the server sent: `unknown` until checked.
// typescript-operations (v6) emits the enum and input types it needs itself;
// adding the separate `typescript` plugin would declare those enums twice.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.graphql'],
  overwrite: true,
  silent: true,
  generates: {
    'src/shared/graphql/generated.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        strictScalars: true,
        scalars: { Decimal: 'string', Date: 'string', DateTime: 'string', JSON: 'unknown' },
        skipTypename: true,
        useTypeImports: true,
      },
    },
    // The trusted documents (scripts/trusted-documents.js): the backend's manifest and the client's ids.
    'src/shared/graphql/trusted-documents.json': {
      plugins: ['./scripts/trusted-documents.js'],
      config: { output: 'manifest' },
    },
    'src/shared/graphql/documentIds.ts': {
      plugins: ['./scripts/trusted-documents.js'],
      config: { output: 'module' },
    },
  },
};

export default config;
