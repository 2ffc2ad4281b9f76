// Drawing on canvases: the decision boundary and each neuron's map (ImageData, one
// putImageData per canvas: a frame must draw in well under 16 ms), the points on their
// own layer above it, and the learning curve.
//
// Colours, everywhere on the page: orange is class 0 (and negative values, negative
// weights), blue is class 1 (and positive); white is the boundary, where the output is ½.

export const CLASS_COLOURS = ['#e8710a', '#1a73b8', '#2e9e44', '#8e44ad', '#c0392b', '#7f8c8d', '#b7950b', '#16a085'];
const ORANGE = [232, 113, 10];
const BLUE = [26, 115, 184];
const WHITE = [255, 255, 255];

// 256 colours from orange (t = 0) through white (t = ½) to blue (t = 1), pale enough for
// the points to stand out: computed once, looked up per pixel.
const LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    const [from, to, s] = t < 0.5 ? [ORANGE, WHITE, t * 2] : [WHITE, BLUE, (t - 0.5) * 2];
    for (let c = 0; c < 3; c++) {
      const v = from[c] + (to[c] - from[c]) * s;
      lut[i * 3 + c] = 255 - (255 - v) * 0.75; // 75 % strength: a background, not a point
    }
  }
  return lut;
})();

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

// values: size × size, row i at x2 = lo + i·step (row 0 at the bottom); toUnit maps a
// value to [0, 1] on the orange-white-blue scale. The canvas is size × size pixels;
// CSS scales it up smoothly.
export function drawHeatmap(canvas, values, size, toUnit) {
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(size, size);
  const px = image.data;
  for (let i = 0; i < size; i++) {
    const row = (size - 1 - i) * size * 4; // x2 grows upwards
    for (let j = 0; j < size; j++) {
      const v = values[i * size + j];
      const o = row + j * 4;
      if (v === null) { // NaN on the server: grey, not a colour that means something
        px[o] = px[o + 1] = px[o + 2] = 200;
      } else {
        const k = Math.max(0, Math.min(255, Math.round(toUnit(v) * 255))) * 3;
        px[o] = LUT[k]; px[o + 1] = LUT[k + 1]; px[o + 2] = LUT[k + 2];
      }
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}

// 3 or more classes: each point of the plane in its most probable class's colour, paler
// where the network is less sure. classes: K arrays of size × size probabilities.
export function drawClassRegions(canvas, classes, size) {
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(size, size);
  const px = image.data;
  const rgb = CLASS_COLOURS.map(hexToRgb);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let best = 0;
      for (let k = 1; k < classes.length; k++) if (classes[k][i * size + j] > classes[best][i * size + j]) best = k;
      const p = classes[best][i * size + j] ?? 0;
      const s = 0.75 * Math.max(0, (p - 1 / classes.length) / (1 - 1 / classes.length));
      const o = ((size - 1 - i) * size + j) * 4;
      const c = rgb[best % rgb.length];
      for (let ch = 0; ch < 3; ch++) px[o + ch] = 255 - (255 - c[ch]) * s;
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}

// Sizes a canvas's backing store to its CSS box times the screen's pixel ratio: sharp
// lines and text. Returns the context, scaled to CSS pixels, and the CSS size.
function crisp(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

// The points over the boundary: train points filled, test points white with a ring in
// their class's colour. range: {x1: [lo, hi], x2: [lo, hi]} of the grid below.
export function drawPoints(canvas, points, range) {
  const { ctx, width, height } = crisp(canvas);
  if (!points || !range) return;
  const at = (x1, x2) => [
    ((x1 - range.x1[0]) / (range.x1[1] - range.x1[0])) * width,
    (1 - (x2 - range.x2[0]) / (range.x2[1] - range.x2[0])) * height,
  ];
  const few = points.train.x1.length <= 20; // the gates: big points a learner can see
  const r = few ? 7 : 3.5;
  const draw = (set, test) => {
    if (!set) return;
    for (let i = 0; i < set.x1.length; i++) {
      const [x, y] = at(set.x1[i], set.x2[i]);
      const colour = CLASS_COLOURS[set.label[i] % CLASS_COLOURS.length];
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = test ? '#fff' : colour;
      ctx.fill();
      ctx.lineWidth = test ? 2 : 1;
      ctx.strokeStyle = test ? colour : '#fff';
      ctx.stroke();
    }
  };
  draw(points.train, false);
  draw(points.test, true);
  // Axis ends, so a learner knows where the plane is.
  ctx.fillStyle = '#333';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillText(fmtTick(range.x1[0]), 3, height - 2);
  ctx.textAlign = 'right';
  ctx.fillText(`${fmtTick(range.x1[1])}  x₁ →`, width - 3, height - 2);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(`↑ x₂  ${fmtTick(range.x2[1])}`, 3, 3);
}

const fmtTick = (v) => String(Number(v.toPrecision(2)));

// The learning curve: train cost solid, test cost dashed, epochs along x.
// history: [{epoch, train, test}], log: a log-scaled cost axis.
export function drawCurve(canvas, history, log) {
  const { ctx, width, height } = crisp(canvas);
  const left = 46, right = 8, top = 8, bottom = 20;
  ctx.strokeStyle = '#bbb';
  ctx.lineWidth = 1;
  ctx.strokeRect(left, top, width - left - right, height - top - bottom);
  ctx.fillStyle = '#555';
  ctx.font = '11px system-ui, sans-serif';
  if (history.length === 0) return;
  const costs = history.flatMap((h) => [h.train, h.test]).filter((c) => c !== null && c > 0);
  if (costs.length === 0) return;
  let hi = Math.max(...costs), lo = log ? Math.min(...costs) : 0;
  if (log) { hi = Math.log10(hi); lo = Math.log10(lo); }
  if (hi - lo < 1e-12) { hi += 0.5; lo -= log ? 0.5 : 0; }
  const first = history[0].epoch, last = Math.max(history[history.length - 1].epoch, first + 1);
  const x = (epoch) => left + ((epoch - first) / (last - first)) * (width - left - right);
  const y = (cost) => top + (1 - ((log ? Math.log10(cost) : cost) - lo) / (hi - lo)) * (height - top - bottom);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const tick = (v) => (log ? `1e${Math.round(v)}` : fmtTick(v));
  ctx.fillText(tick(hi), left - 4, top + 4);
  ctx.fillText(log ? tick(lo) : '0', left - 4, height - bottom - 4);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(`epoch ${first}`, left, height - bottom + 4);
  ctx.textAlign = 'right';
  ctx.fillText(`${last}`, width - right, height - bottom + 4);
  const line = (key, dash, colour) => {
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    let started = false;
    for (const h of history) {
      const c = h[key];
      if (c === null || !(c > 0 || !log)) { started = false; continue; }
      if (started) ctx.lineTo(x(h.epoch), y(c)); else ctx.moveTo(x(h.epoch), y(c));
      started = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line('train', [], '#222');
  line('test', [5, 4], '#888');
}
