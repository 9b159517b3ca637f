/** The config file is missing or invalid: the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The edge could not start (e.g. its port is in use): the message says why. */
export class StartupError extends Error {
  override name = 'StartupError';
}
