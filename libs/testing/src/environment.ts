/**
 * Sets `values` in process.env (undefined removes a variable) for a test that starts a service reading its
 * configuration from the environment; returns what puts back exactly what was there before, so no spec leaks its
 * settings into the next one.
 */
export function overrideEnvironment(values: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (settings: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(settings)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  return () => apply(previous);
}
