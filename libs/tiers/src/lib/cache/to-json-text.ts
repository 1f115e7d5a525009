/** Serialises a value once, for every tier to store and the api to answer with. */
export function toJsonText(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(`The value for "${key}" has no JSON form`);
  }
  return json;
}
