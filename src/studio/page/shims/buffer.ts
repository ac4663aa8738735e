/** The one use of Node's Buffer in the shared code (nudge payload sizes): byteLength of UTF-8 text. */
const encoder = new TextEncoder();
export const Buffer = { byteLength: (s: string): number => encoder.encode(s).length };
