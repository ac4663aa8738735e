/** Browser stand-in for @napi-rs/canvas: the chart code draws on ordinary <canvas> elements. */
export function createCanvas(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}
