/** How the report writes its figures: rates as fractions with three decimals, as the KPIs are. */
export const rate = (value: number): string => value.toFixed(3);

export const milliseconds = (value: number): string => `${value.toFixed(3)} ms`;

export function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${value} B`;
}

export const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');

export const count = (value: number): string => value.toLocaleString('en-US');
