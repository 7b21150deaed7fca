/** Replaced by esbuild with package.json's version. */
declare const PROMPTCOST_VERSION: string;

/** The CLI's version: package.json's in the bundle; `0.0.0-source` run from source, where nothing replaces it. */
export const CLI_VERSION: string = typeof PROMPTCOST_VERSION === 'string' ? PROMPTCOST_VERSION : '0.0.0-source';
