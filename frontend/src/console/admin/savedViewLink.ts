/**
 * A saved view's filter as the work queue's URL parameters: each key of the
 * filter object becomes a parameter, an array becomes the key repeated,
 * null and undefined are left out, and anything that is not text, a number
 * or a boolean is sent as JSON. A filter that is not an object gives "".
 */
export function savedViewSearch(filter: unknown): string {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return '';
  const params = new URLSearchParams();
  const add = (key: string, value: unknown) => {
    if (value === null || value === undefined) return;
    const text =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
    params.append(key, text);
  };
  for (const [key, value] of Object.entries(filter)) {
    if (Array.isArray(value)) value.forEach((item) => add(key, item));
    else add(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** "status: NEW, ASSIGNED · mine: true": what a view narrows the queue to, in a line. */
export function savedViewSummary(filter: unknown): string {
  const params = new URLSearchParams(savedViewSearch(filter));
  const parts = [...new Set(params.keys())].map((key) => `${key}: ${params.getAll(key).join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : 'The whole queue';
}
