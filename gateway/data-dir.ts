/**
 * Names of the files in the data directory (docs/operations.md lists them all). Keys have their own modules:
 * secret-key.ts (secret.key) and personal-data.ts (personal-data.key); TLS files are in tls.ts.
 */
export const DATABASE_FILE = 'frontgate.db';
