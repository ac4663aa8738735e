/**
 * Get-or-make on a bounded map: what answers work out over and over (a meeting's moment in a
 * zone, a formatted date) is made once. Past `max` entries the map starts afresh, so it never grows
 * without bound, whatever zones or dates arrive.
 */
export function memo<V>(map: Map<string, V>, key: string, max: number, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= max) map.clear();
    v = make();
    map.set(key, v);
  }
  return v;
}
