/** The files embedded by scripts/build-studio.mjs: absolute path → text. */
declare module 'carrybot:vfs' {
  const files: Record<string, string>;
  export default files;
}
