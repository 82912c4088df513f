/** A value built on first use, then kept: how the composition roots build clients once per environment. */
export const once = <T>(build: () => T): (() => T) => {
  let value: { built: T } | undefined;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
};
