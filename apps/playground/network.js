// The network diagram, as TensorFlow Playground draws it: the features, each hidden neuron
// as a small map of what it computes over the plane, the output; links whose thickness is
// |w| and whose colour is w's sign (blue positive, orange negative). The DOM and the links'
// geometry are built when the network's shape changes; a frame only repaints the maps and
// restyles the links.
import { drawHeatmap } from './draw.js';

const SVG = 'http://www.w3.org/2000/svg';
let view = null; // {container, svg, inputs, hidden, outputs, links, info, ...}
// One observer for the page's one diagram: the links follow the nodes when the page reflows.
const resized = new ResizeObserver(() => layoutLinks());

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
};

// spec: {inputs: [{key, label, help, active, fixed}], hidden: [sizes], outputs: count,
// onToggle(key), onLayers(delta), onNeurons(layer, delta), maxLayers, maxNeurons}
export function buildNetwork(container, spec) {
  container.replaceChildren();
  const svg = document.createElementNS(SVG, 'svg');
  svg.classList.add('links');
  const columns = el('div', { class: 'columns' });
  container.append(svg, columns);

  const inputs = spec.inputs.map((input) => {
    const box = el('input', { type: 'checkbox', 'data-cross': input.key });
    box.checked = input.active;
    box.disabled = !!input.fixed;
    box.addEventListener('change', () => spec.onToggle(input.key));
    const canvas = el('canvas', { width: 2, height: 2 });
    const node = el('label', { class: 'node feature' + (input.active ? '' : ' off') + (input.fixed ? ' fixed' : ''), title: input.help }, box, canvas, el('span', {}, input.label));
    node.dataset.feature = input.key;
    return { ...input, node, canvas };
  });
  columns.append(el('div', { class: 'column inputs' }, el('div', { class: 'column-head' }, 'features'), ...inputs.map((i) => i.node)));

  const hidden = spec.hidden.map((size, l) => {
    const neurons = [];
    for (let k = 0; k < size; k++) {
      const canvas = el('canvas', { width: 2, height: 2, 'data-layer': l + 1, 'data-neuron': k + 1 });
      neurons.push({ node: el('div', { class: 'node neuron', title: `layer ${l + 1}, neuron ${k + 1}: its output over the plane` }, canvas), canvas });
    }
    const head = el('div', { class: 'column-head' },
      el('button', { class: 'small', 'data-layer': l + 1, 'data-delta': '+1', title: 'one more neuron in this layer', onclick: () => spec.onNeurons(l, +1), ...(size >= spec.maxNeurons ? { disabled: '' } : {}) }, '+'),
      el('button', { class: 'small', 'data-layer': l + 1, 'data-delta': '-1', title: 'one neuron fewer in this layer', onclick: () => spec.onNeurons(l, -1), ...(size <= 1 ? { disabled: '' } : {}) }, '−'),
      el('span', { class: 'layer-size' }, `${size} neuron${size === 1 ? '' : 's'}`));
    columns.append(el('div', { class: 'column hidden-layer', 'data-layer': l + 1 }, head, ...neurons.map((n) => n.node)));
    return neurons;
  });

  const outputs = [];
  for (let k = 0; k < spec.outputs; k++) {
    const canvas = el('canvas', { width: 2, height: 2 });
    outputs.push({ node: el('div', { class: 'node output-node', title: spec.outputs === 1 ? 'the output ŷ: the probability of class 1 (blue)' : `output ${k + 1}: the probability of class ${k}` }, canvas), canvas });
  }
  columns.append(el('div', { class: 'column outputs' }, el('div', { class: 'column-head' }, spec.outputs === 1 ? 'output ŷ' : 'outputs'), ...outputs.map((o) => o.node)));

  const info = el('div', { class: 'link-info', id: 'link-info' }, 'Hover a link to read its weight w; thickness is |w|, blue w > 0, orange w < 0.');
  container.append(info);
  view = { container, svg, inputs, hidden, outputs, links: [], weights: null, featureKey: '' };
  resized.observe(container);
  layoutLinks();
}

// One path per weight: from every active unit of a layer to every unit of the next.
function layoutLinks() {
  if (!view) return;
  const { container, svg } = view;
  const box = container.getBoundingClientRect();
  svg.setAttribute('width', box.width);
  svg.setAttribute('height', box.height);
  svg.replaceChildren();
  const anchor = (node, side) => {
    const r = node.querySelector('canvas').getBoundingClientRect();
    return [side === 'out' ? r.right - box.left : r.left - box.left, r.top + r.height / 2 - box.top];
  };
  const layers = [view.inputs.filter((i) => i.active), ...view.hidden, view.outputs];
  view.links = [];
  for (let l = 1; l < layers.length; l++) {
    const rows = layers[l].map((to, r) => layers[l - 1].map((from, c) => {
      const [x1, y1] = anchor(from.node, 'out');
      const [x2, y2] = anchor(to.node, 'in');
      const mid = (x1 + x2) / 2;
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`);
      path.dataset.link = `${l},${r},${c}`;
      svg.append(path);
      return path;
    }));
    view.links.push(rows);
  }
  if (view.weights) styleLinks(view.weights);
}

function styleLinks(weights) {
  view.links.forEach((rows, l) => rows.forEach((row, r) => row.forEach((path, c) => {
    const w = weights[l]?.[r]?.[c];
    if (w === undefined || w === null) return;
    path.style.stroke = w >= 0 ? '#1a73b8' : '#e8710a';
    path.style.strokeWidth = Math.min(8, 0.5 + Math.abs(w) * 1.5).toFixed(2);
  })));
}

// Reads a weight under the pointer from the latest frame (not kept in the DOM per frame).
export function linkInfo(event) {
  const key = event.target?.dataset?.link;
  if (!key || !view?.weights) return;
  const [l, r, c] = key.split(',').map(Number);
  const w = view.weights[l - 1]?.[r]?.[c];
  view.container.querySelector('.link-info').textContent = `W${l}[${r + 1}][${c + 1}] = ${w?.toPrecision(4)}`;
}

// What a feature is at (x1, x2): the maps in the features column.
const FEATURES = {
  0: (a) => a, 1: (a, b) => b, '0*1': (a, b) => a * b, '0*0': (a) => a * a, '1*1': (a, b) => b * b,
  'sin(0)': (a) => Math.sin(a), 'sin(1)': (a, b) => Math.sin(b),
};

// A map's values to the colour scale: outputs with a known range keep it (σ: 0…1,
// tanh and sin: −1…1); unbounded ones (ReLU…) are scaled by their largest |value|.
function unitFor(values, activation) {
  if (activation === 'sigmoid') return (v) => v;
  if (activation === 'tanh' || activation === 'sine') return (v) => (v + 1) / 2;
  let max = 1e-12;
  for (const v of values) if (v !== null && Math.abs(v) > max) max = Math.abs(v);
  return (v) => (v / max + 1) / 2;
}

// frame: the server's frame; activation: the hidden layers' name.
export function updateNetwork(frame, activation) {
  if (!view) return;
  if (frame.weights) {
    view.weights = frame.weights;
    const outputs = frame.weights[frame.weights.length - 1]?.length;
    if (outputs !== view.outputs.length) return { rebuild: outputs };
    styleLinks(frame.weights);
  }
  const grid = frame.grid;
  if (!grid) return;
  const n = grid.size;
  const key = `${n} ${grid.x1} ${grid.x2}`;
  if (view.featureKey !== key) { // the features' maps change only with the plane's range
    view.featureKey = key;
    for (const input of view.inputs) {
      const f = FEATURES[input.key];
      if (!f) continue;
      const values = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        values[i * n + j] = f(grid.x1[0] + ((grid.x1[1] - grid.x1[0]) * j) / (n - 1), grid.x2[0] + ((grid.x2[1] - grid.x2[0]) * i) / (n - 1));
      }
      drawHeatmap(input.canvas, values, n, unitFor(values, ''));
    }
  }
  for (const neuron of frame.neurons ?? []) {
    const canvas = view.hidden[neuron.layer - 1]?.[neuron.neuron - 1]?.canvas;
    if (canvas) drawHeatmap(canvas, neuron.output, n, unitFor(neuron.output, activation));
  }
  if (view.outputs.length === 1) drawHeatmap(view.outputs[0].canvas, grid.output, n, (v) => v);
}
