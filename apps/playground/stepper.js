// The graph stepper: the server's explain walk (one forward pass, one backward pass and the
// update, node by node) shown over the computational graph that Graphviz drew. Forward
// visits the nodes in topological order (the walk's order) with each value; Backward visits
// them in reverse with, on every path, upstream gradient × local gradient; Update shows
// θ ← θ − α·∂C/∂θ and the cost after the step.
import * as api from './api.js';

const $ = (id) => document.getElementById(id);
let ctx = null;  // {session: () => id, key: () => what the walk depends on, learningRate, onError}
let walk = null; // the explain response, plus .key
let pending = null; // {key, answer}: the explain request on its way
let mode = null; // 'forward' | 'backward' | 'update'
let index = -1;  // the step within the mode

// Numbers as a reader wants them (6 significant digits); the exact value in data-value.
export const fmt = (v) => (v === null || v === undefined ? '—' : String(Number(v.toPrecision(6))));

// A matrix (a list of rows) as a small table; large ones abbreviated with … and their shape.
export function matrixTable(rows, attrs = {}) {
  const table = document.createElement('table');
  table.className = 'matrix';
  for (const [k, v] of Object.entries(attrs)) table.setAttribute(k, v);
  if (!Array.isArray(rows)) rows = [[rows]];
  const maxRows = 4, maxCols = 6;
  rows.slice(0, maxRows).forEach((row) => {
    const tr = table.insertRow();
    row.slice(0, maxCols).forEach((v) => {
      const td = tr.insertCell();
      td.textContent = fmt(v);
      td.dataset.value = v === null ? 'NaN' : String(v);
    });
    if (row.length > maxCols) tr.insertCell().textContent = '…';
  });
  if (rows.length > maxRows) table.insertRow().insertCell().textContent = '⋮';
  if (rows.length > maxRows || rows[0]?.length > maxCols) {
    table.title = `${rows.length} × ${rows[0]?.length}: only the first rows and columns are shown`;
    table.classList.add('abbreviated');
  }
  return table;
}

const span = (text, attrs = {}) => {
  const s = document.createElement('span');
  s.textContent = text;
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  return s;
};
const line = (...parts) => {
  const div = document.createElement('div');
  div.className = 'step-line';
  div.append(...parts.map((p) => (typeof p === 'string' ? span(p) : p)));
  return div;
};

// A new session: the walk, the picture and the gradient check were the old one's.
export function clearStepper() {
  walk = null;
  pending = null;
  mode = null;
  index = -1;
  const hint = document.createElement('p');
  hint.className = 'hint';
  hint.textContent = 'Press Forward to draw the graph and start.';
  $('graph').replaceChildren(hint);
  $('node-strip').replaceChildren();
  $('step-panel').replaceChildren();
  delete $('step-panel').dataset.mode;
  delete $('step-panel').dataset.index;
  $('gradcheck-results').replaceChildren();
  $('gradcheck-summary').textContent = '';
}

export function initStepper(context) {
  ctx = context;
  $('forward').addEventListener('click', () => step('forward'));
  $('backward').addEventListener('click', () => step('backward'));
  $('update').addEventListener('click', () => step('update'));
  $('gradcheck').addEventListener('click', runGradcheck);
  $('stepper-example').addEventListener('change', () => {
    $('stepper-index').disabled = $('stepper-example').value !== 'one';
  });
}

// The walk for what the page shows now: fetched again when anything it depends on changed
// (the session, its epoch, the example, α).
async function currentWalk() {
  const example = $('stepper-example').value === 'one' ? Number($('stepper-index').value) : null;
  const key = `${ctx.session()} ${ctx.key()} ${example} ${ctx.learningRate()}`;
  if (walk && walk.key === key) return walk;
  // Quick presses while the walk is on its way share one request.
  if (!pending || pending.key !== key) pending = { key, answer: api.explain(ctx.session(), example, ctx.learningRate()) };
  const answer = await pending.answer.finally(() => { if (pending?.key === key) pending = null; });
  if (walk && walk.key === key) return walk; // another press got here first
  walk = answer;
  walk.key = key;
  walk.nodes.forEach((node, i) => { if (node.id === undefined) node.id = i; });
  mode = null;
  index = -1;
  showGraph();
  return walk;
}

// The graph picture: the server's SVG, made to fit the panel; every node is the <g class=
// "node"> whose <title> is n{id}.
function showGraph() {
  const box = $('graph');
  box.replaceChildren();
  if (walk.svg) {
    const svg = new DOMParser().parseFromString(walk.svg, 'image/svg+xml').documentElement;
    if (svg.nodeName === 'svg') {
      // Graphviz sizes in pt: the natural size in CSS px is 4/3 of it. Shown at most that
      // large, at least 70 % of it (smaller text is unreadable; the box scrolls instead).
      const natural = (svg.viewBox?.baseVal?.width || parseFloat(svg.getAttribute('width')) || 600) * 4 / 3;
      svg.removeAttribute('width');
      svg.removeAttribute('height');
      svg.style.maxWidth = `${natural}px`;
      svg.style.minWidth = `${0.7 * natural}px`;
      box.append(document.importNode(svg, true));
    }
  } else {
    box.append(span('(the server sent no picture of the graph: the steps below still work)', { class: 'hint' }));
  }
  const strip = $('node-strip');
  strip.replaceChildren(...walk.nodes.map((node, i) => {
    const b = document.createElement('button');
    b.className = 'chip';
    b.textContent = node.name;
    b.title = `${node.op}${node.formula ? ': ' + node.formula : ''} — show this node's step`;
    b.dataset.node = node.id;
    b.addEventListener('click', () => jump(i));
    return b;
  }));
}

const graphNode = (id) => [...document.querySelectorAll('#graph g.node')].find((g) => g.querySelector('title')?.textContent === `n${id}`);
const byName = (name) => walk.nodes.find((n) => n.name === name);

function highlight(ids, done) {
  for (const g of document.querySelectorAll('#graph g.node, #graph g.edge')) g.classList.remove('step-current', 'step-done', 'step-path');
  for (const b of document.querySelectorAll('#node-strip .chip')) {
    b.classList.toggle('current', ids.includes(Number(b.dataset.node)));
    b.classList.toggle('done', done.includes(Number(b.dataset.node)));
  }
  for (const id of done) graphNode(id)?.classList.add('step-done');
  for (const id of ids) graphNode(id)?.classList.add('step-current');
  // A wide graph scrolls: bring the current node into its box (not the page) into view.
  const current = graphNode(ids[0]);
  if (current) {
    const box = $('graph'), r = current.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.left < b.left || r.right > b.right) box.scrollLeft += r.left - b.left - (b.width - r.width) / 2;
    if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - (b.height - r.height) / 2;
  }
}

// Edges from a node to the consumers its gradient comes from: lit during Backward.
function lightPaths(node) {
  for (const path of node.paths) {
    const consumer = byName(path.consumer);
    if (!consumer) continue;
    for (const g of document.querySelectorAll('#graph g.edge')) {
      if (g.querySelector('title')?.textContent === `n${node.id}->n${consumer.id}`) g.classList.add('step-path');
    }
  }
}

// The nodes the backward pass visits: those with a gradient, cost first.
const backwardNodes = () => walk.nodes.filter((n) => n.gradient !== null && n.gradient !== undefined).reverse();

async function step(which) {
  try {
    await currentWalk();
  } catch (e) {
    ctx.onError(e);
    return;
  }
  const count = which === 'forward' ? walk.nodes.length : which === 'backward' ? backwardNodes().length : 1;
  if (mode !== which) { mode = which; index = 0; } else index = Math.min(index + 1, count - 1);
  render();
}

function jump(i) {
  if (!walk) return;
  const node = walk.nodes[i];
  if (mode === 'backward' && backwardNodes().includes(node)) index = backwardNodes().indexOf(node);
  else { mode = 'forward'; index = i; }
  render();
}

function render() {
  const panel = $('step-panel');
  panel.replaceChildren();
  panel.dataset.mode = mode; // where the stepper is: for tests, and for a reader's CSS
  panel.dataset.index = index;
  const summary = () => line(`${walk.examples} (m = ${walk.m}): cost C = `, span(fmt(walk.cost), { id: 'step-cost', 'data-value': walk.cost }));
  if (mode === 'forward') {
    const node = walk.nodes[index];
    highlight([node.id], walk.nodes.slice(0, index).map((n) => n.id));
    panel.append(
      heading(`Forward, node ${index + 1} of ${walk.nodes.length}: `, node.name, node.op),
      line(node.formula ? `${node.name} = ${node.formula}` : describeLeaf(node)),
      line('value ', matrixTable(node.value, { id: 'step-value' })));
    if (index === walk.nodes.length - 1) {
      panel.append(summary(), line('The forward pass is done: press Backward to send ∂C/∂C = 1 back through the graph.'));
    }
  } else if (mode === 'backward') {
    const nodes = backwardNodes();
    const node = nodes[index];
    highlight([node.id], nodes.slice(0, index).map((n) => n.id));
    lightPaths(node);
    panel.append(heading(`Backward, node ${index + 1} of ${nodes.length}: ∂C/∂`, node.name, node.op));
    if (node.paths.length === 0) {
      panel.append(line(`∂C/∂${node.name} = 1: the backward pass starts at the cost.`));
    }
    for (const path of node.paths) {
      const div = line(
        `via ${path.consumer}: upstream ∂C/∂${path.consumer} `, matrixTable(path.upstream, { class: 'matrix upstream' }),
        ` × local ${path.local_formula} `, matrixTable(path.local, { class: 'matrix local' }),
        ' = ', path.product === null ? span('(applied per example)', { class: 'hint' }) : matrixTable(path.product, { class: 'matrix product' }));
      div.classList.add('path');
      div.dataset.consumer = path.consumer;
      panel.append(div);
    }
    panel.append(line(node.paths.length > 1 ? `gradient ∂C/∂${node.name} = the sum over its ${node.paths.length} paths ` : `gradient ∂C/∂${node.name} `,
      matrixTable(node.gradient, { id: 'step-gradient' })));
    if (index === nodes.length - 1) panel.append(line('The backward pass is done: press Update to take the step.'));
  } else if (mode === 'update') {
    const params = walk.updates.map((u) => byName(u.name)?.id).filter((id) => id !== undefined);
    highlight(params, []);
    panel.append(heading(`Update: θ ← θ − α·∂C/∂θ with α = `, fmt(walk.learning_rate), 'gradient descent'));
    for (const u of walk.updates) {
      const div = line(`${u.name} ← `, matrixTable(u.value, { class: 'matrix value' }), ` − ${fmt(walk.learning_rate)} · `,
        matrixTable(u.gradient, { class: 'matrix gradient' }), ' = ', matrixTable(u.after, { class: 'matrix after', 'data-param': u.name }));
      div.classList.add('update');
      div.dataset.param = u.name;
      panel.append(div);
    }
    panel.append(summary(), line('cost after the step: ', span(fmt(walk.cost_after), { id: 'step-cost-after', 'data-value': walk.cost_after }),
      walk.cost_after < walk.cost ? ' — lower: the step went downhill.' : ' — not lower: α may be too large.'));
  }
}

function heading(text, name, op) {
  const h = document.createElement('h3');
  h.append(text, span(name, { class: 'node-name', id: 'step-node' }), span(` ${op}`, { class: 'op' }));
  return h;
}

function describeLeaf(node) {
  if (node.op === 'parameter') return `${node.name} is a parameter: its value is what training changes.`;
  return `${node.name} is data: it is given, and no gradient flows into it.`;
}

// Colours every parameter's node by its gradient check: green where backpropagation and
// central finite differences agree (worst relative error under the threshold), red where not.
async function runGradcheck() {
  let result;
  try {
    await currentWalk();
    result = await api.gradcheck(ctx.session());
  } catch (e) {
    ctx.onError(e);
    return;
  }
  const table = $('gradcheck-results');
  table.replaceChildren();
  const head = table.insertRow();
  for (const t of ['parameter', 'worst relative error', '']) head.append(Object.assign(document.createElement('th'), { textContent: t }));
  for (const p of result.parameters) {
    const tr = table.insertRow();
    tr.dataset.param = p.name;
    tr.dataset.passed = p.passed;
    tr.className = p.passed ? 'pass' : 'fail';
    tr.insertCell().textContent = p.name;
    const err = tr.insertCell();
    err.textContent = p.worst_error === null ? '—' : p.worst_error.toExponential(2);
    err.dataset.value = p.worst_error;
    tr.insertCell().textContent = p.passed ? '✓ pass' : '✗ fail';
    const node = byName(p.name);
    const g = node && graphNode(node.id);
    if (g) markNode(g, p);
  }
  $('gradcheck-summary').textContent = `${result.passed ? 'passed' : 'FAILED'}: every parameter's worst relative error against the threshold ${result.threshold.toExponential(0)}`;
  $('gradcheck-summary').className = result.passed ? 'pass' : 'fail';
}

function markNode(g, p) {
  g.dataset.gradcheck = p.passed ? 'pass' : 'fail';
  g.querySelector('.gradcheck-label')?.remove();
  const shape = g.querySelector('polygon, path, ellipse');
  if (shape) shape.style.fill = p.passed ? '#bfe8c0' : '#f4b4b4';
  const box = g.getBBox();
  const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
  text.classList.add('gradcheck-label');
  text.setAttribute('x', box.x + box.width / 2);
  text.setAttribute('y', box.y + box.height + 13);
  text.setAttribute('text-anchor', 'middle');
  text.textContent = `${p.passed ? '✓' : '✗'} error ${p.worst_error === null ? '—' : p.worst_error.toExponential(1)}`;
  g.append(text);
}
