import pkg from '../package.json' with { type: 'json' };

/** The version in package.json: what `app.info` reports when a shell does not pass its own. */
export const PACKAGE_VERSION: string = pkg.version;
