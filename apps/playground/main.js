// The page: one session on the server per setup. A change of setup starts a new session;
// play asks for frames in a requestAnimationFrame loop (docs/PLAYGROUND.md) and draws each.
import * as api from './api.js';
import { ARTICLE_OR_NAME, ARTICLE_OR_PARAMS, CROSSES, MAX_LAYERS, MAX_NEURONS, defaultState, fromHash, toHash, toRunConfig } from './state.js';
import { bindControls, fillChoices, showState } from './controls.js';
import { drawClassRegions, drawCurve, drawHeatmap, drawPoints } from './draw.js';
import { buildNetwork, linkInfo, updateNetwork } from './network.js';
import { clearStepper, fmt, initStepper } from './stepper.js';

const $ = (id) => document.getElementById(id);
const FRAME = { grid: 100, neurons: true }; // what every frame asks to see
const MAX_CURVE_POINTS = 4000;

let state = fromHash(location.hash);
let session = null;  // the server's answer to the create request
let generation = 0;  // one per session asked for: answers about an older one are dropped
let playing = false;
let queue = Promise.resolve(); // frames one at a time: never two requests racing
let curve = [];    // the learning curve: [{epoch, train, test}]
let frame = null;    // the last frame drawn
let pointsKey = '';

// What the tests (and a curious learner's console) can read.
window.playground = {
  lastDrawMs: null,
  drawTimes: [], // the last 100 frames' drawing times, ms
  ready: false, // a session exists and its first frame is drawn
  get state() { return state; },
  get session() { return session; },
  get frame() { return frame; },
};

const serial = (job) => (queue = queue.then(job, job));

function showError(error) {
  $('error').textContent = error.message ?? String(error);
  $('error').hidden = false;
}
const hideError = () => { $('error').hidden = true; $('error').textContent = ''; };

// A new setup: shown in the controls and the address, then a new session for it.
function change(next) {
  state = next;
  window.history.replaceState(null, '', toHash(state));
  showState(state, change);
  $('share-url').value = location.href;
  reset(); // first: it drops the old frame, whose maps belong to the old network
  rebuildDiagram();
}

function setPlaying(on) {
  playing = on;
  $('play').textContent = on ? '⏸ pause' : '▶ play';
  $('play').classList.toggle('on', on);
  $('play').setAttribute('aria-pressed', on);
  if (on) requestAnimationFrame(tick);
}

// Drops the session and starts a fresh one for the same setup: epoch 0, new weights.
function reset() {
  const mine = ++generation;
  setPlaying(false);
  const old = session;
  session = null;
  window.playground.ready = false;
  if (old) api.deleteSession(old.id).catch(() => {}); // it would expire anyway
  curve = [];
  frame = null;
  pointsKey = '';
  clearOutputs();
  return serial(async () => {
    if (mine !== generation) return;
    try {
      const created = await api.createSession(toRunConfig(state));
      if (mine !== generation) { api.deleteSession(created.id).catch(() => {}); return; }
      session = created;
      hideError();
      showSession();
      const first = await api.frame(session.id, { epochs: 0, ...FRAME });
      if (mine !== generation) return;
      draw(first);
      window.playground.ready = true;
    } catch (e) {
      if (mine === generation) showError(e);
    }
  });
}

function clearOutputs() {
  for (const id of ['train-cost', 'test-cost']) $(id).textContent = '—';
  for (const id of ['train-accuracy', 'test-accuracy']) $(id).textContent = '';
  $('epoch').textContent = '0';
  $('stopped').hidden = true;
  $('command').textContent = '';
  $('download-model').removeAttribute('href');
  drawCurve($('curve'), [], $('log-cost').checked);
  drawPoints($('boundary-points'), null, null);
  // Nothing of the old session may stay on screen: it would look like the new one's.
  $('boundary').getContext('2d').clearRect(0, 0, $('boundary').width, $('boundary').height);
  $('description').replaceChildren();
  $('confusion').replaceChildren();
  clearStepper();
}

function showSession() {
  $('command').textContent = session.command ?? '';
  $('copy-command').textContent = 'copy command';
  $('download-model').href = api.modelUrl(session.id);
  const dl = $('description');
  dl.replaceChildren();
  for (const [key, text] of Object.entries(session.description ?? {})) {
    if (text === null || text === '') continue;
    dl.append(Object.assign(document.createElement('dt'), { textContent: key }), Object.assign(document.createElement('dd'), { textContent: text }));
  }
  const twoFeatures = !!session.points;
  $('no-boundary').hidden = twoFeatures;
  document.querySelector('.boundary-box').hidden = !twoFeatures;
  document.querySelector('.legend').hidden = !twoFeatures;
  rebuildDiagram();
}

const classCount = () => (Array.isArray(session?.classes) ? session.classes.length : session?.classes ?? 2);

// The diagram follows the setup at once (the +/− buttons answer immediately); the session,
// once it exists, names the features (a CSV's columns) and the number of classes.
function rebuildDiagram() {
  // "features": the raw features' names (a CSV's columns); the crosses are the page's own.
  const raw = session?.features && !session.points ? session.features : ['x₁', 'x₂'];
  const inputs = [
    ...raw.map((label, i) => ({ key: String(i), label, help: `feature ${label}: always fed to the network`, active: true, fixed: true })),
    ...CROSSES.map((c) => ({ key: c.name, label: c.label, help: c.help, active: state.crosses.includes(c.name) })),
  ];
  buildNetwork($('network'), {
    inputs, hidden: state.hidden,
    outputs: state.loss.name === 'softmax-ce' ? classCount() : 1,
    maxLayers: MAX_LAYERS, maxNeurons: MAX_NEURONS,
    onToggle: (key) => change({ ...state, crosses: CROSSES.map((c) => c.name).filter((n) => (n === key) !== state.crosses.includes(n)) }),
    onNeurons: (l, delta) => change({ ...state, hidden: state.hidden.map((n, i) => (i === l ? Math.max(1, Math.min(MAX_NEURONS, n + delta)) : n)) }),
  });
  $('add-layer').disabled = state.hidden.length >= MAX_LAYERS;
  $('remove-layer').disabled = state.hidden.length === 0;
  if (frame) updateNetwork(frame, state.activation.name);
}

// One frame of the play loop: train a moment on the server, draw, ask again.
function tick() {
  if (!playing) return;
  const mine = generation;
  serial(async () => {
    if (!playing || mine !== generation || !session) return;
    try {
      const next = await api.frame(session.id, { train_seconds: 0.03, ...FRAME });
      if (mine !== generation) return;
      draw(next);
      if (next.done || next.stopped) setPlaying(false);
    } catch (e) {
      showError(e);
      setPlaying(false);
    }
  }).then(() => { if (playing && mine === generation) requestAnimationFrame(tick); });
}

function oneEpoch() {
  setPlaying(false);
  const mine = generation;
  serial(async () => {
    if (mine !== generation || !session) return;
    try {
      const next = await api.frame(session.id, { epochs: 1, ...FRAME });
      if (mine === generation) draw(next);
    } catch (e) {
      showError(e);
    }
  });
}

const percent = (v) => (v === null || v === undefined ? '' : `accuracy ${Number(v.toFixed(1))}%`);
function showNumber(id, v) {
  $(id).textContent = v === null || v === undefined ? '—' : fmt(v);
  $(id).dataset.value = v ?? '';
}

// Everything a frame shows. Timed: a frame must draw well within one screen refresh.
function draw(next) {
  const start = performance.now();
  // With mini-batches the server's train_cost is the last epoch's mean batch cost: before
  // the first epoch there is none (it sends 0), so show none rather than a perfect 0.
  if (next.epoch === 0 && state.batch > 0) next = { ...next, train_cost: null };
  frame = next;
  $('epoch').textContent = next.epoch.toLocaleString('en');
  showNumber('train-cost', next.train_cost);
  showNumber('test-cost', next.test_cost);
  $('train-accuracy').textContent = percent(next.train_accuracy);
  $('test-accuracy').textContent = percent(next.test_accuracy);
  if (next.stopped) { $('stopped').textContent = `Training stopped: ${next.stopped}`; $('stopped').hidden = false; }
  else if (next.done) { $('stopped').textContent = 'Training reached the most epochs a session may run.'; $('stopped').hidden = false; }
  const grid = next.grid;
  if (grid) {
    if (grid.classes && grid.classes.length >= 3) drawClassRegions($('boundary'), grid.classes, grid.size);
    else drawHeatmap($('boundary'), grid.output, grid.size, (v) => v);
    const key = `${grid.x1} ${grid.x2}`;
    if (key !== pointsKey && session?.points) { // the points move only with the plane's range
      pointsKey = key;
      drawPoints($('boundary-points'), session.points, grid);
    }
  }
  const last = curve[curve.length - 1];
  if (!last || last.epoch !== next.epoch) curve.push({ epoch: next.epoch, train: next.train_cost, test: next.test_cost });
  if (curve.length > MAX_CURVE_POINTS) curve = curve.filter((_, i) => i % 2 === 0 || i === curve.length - 1);
  drawCurve($('curve'), curve, $('log-cost').checked);
  const wanted = updateNetwork(next, state.activation.name);
  if (wanted?.rebuild) { rebuildDiagram(); }
  showConfusion(next.confusion, next.confusion_of);
  window.playground.lastDrawMs = performance.now() - start;
  window.playground.drawTimes.push(window.playground.lastDrawMs);
  if (window.playground.drawTimes.length > 100) window.playground.drawTimes.shift();
}

// The confusion matrix, as the frame sends it: "confusion" (row: the true class, column:
// the predicted one) of the data "confusion_of" names (the test data when there is some).
function showConfusion(confusion, of) {
  const box = $('confusion');
  box.replaceChildren();
  if (!Array.isArray(confusion) || confusion.length === 0) return;
  const table = document.createElement('table');
  table.className = 'confusion';
  table.id = 'confusion-matrix';
  const head = table.insertRow();
  head.append(Object.assign(document.createElement('th'), { textContent: 'true ╲ predicted' }));
  confusion.forEach((_, k) => head.append(Object.assign(document.createElement('th'), { textContent: k })));
  const most = Math.max(1, ...confusion.flat());
  confusion.forEach((row, actual) => {
    const tr = table.insertRow();
    tr.append(Object.assign(document.createElement('th'), { textContent: actual }));
    row.forEach((count, predicted) => {
      const td = tr.insertCell();
      td.textContent = count;
      td.dataset.value = count;
      // Right answers on the diagonal in green, mistakes in red; darker for more examples.
      const alpha = (0.12 + 0.6 * (count / most)).toFixed(2);
      td.style.background = count === 0 ? '' : actual === predicted ? `rgba(46, 158, 68, ${alpha})` : `rgba(217, 48, 37, ${alpha})`;
    });
  });
  const title = Object.assign(document.createElement('h3'), { textContent: `Confusion matrix (${of ?? 'train'} data)` });
  title.title = 'How many examples of each true class (row) the network puts in each class (column): the diagonal is right';
  box.append(title, table);
}

async function start() {
  bindControls(() => state, change);
  $('play').addEventListener('click', () => setPlaying(!playing));
  $('step-epoch').addEventListener('click', oneEpoch);
  $('reset').addEventListener('click', reset);
  $('add-layer').addEventListener('click', () => change({ ...state, hidden: [...state.hidden, 2] }));
  $('remove-layer').addEventListener('click', () => change({ ...state, hidden: state.hidden.slice(0, -1) }));
  $('log-cost').addEventListener('change', () => drawCurve($('curve'), curve, $('log-cost').checked));
  $('network').addEventListener('mouseover', linkInfo);
  $('article-or').addEventListener('click', () => {
    $('stepper-example').value = 'one'; // the article's first hand calculation: example (0, 0)
    $('stepper-index').value = 0;
    $('stepper-index').disabled = false;
    change({ ...defaultState(), data: 'or', hidden: [], learning_rate: 1, init_params_text: ARTICLE_OR_PARAMS, init_params: ARTICLE_OR_NAME });
  });
  $('copy-command').addEventListener('click', copyCommand);
  window.addEventListener('hashchange', () => { // an edited or pasted address
    if (location.hash !== toHash(state)) change(fromHash(location.hash));
  });
  window.addEventListener('resize', () => { pointsKey = ''; if (frame) draw(frame); }); // crisp canvases follow their size
  initStepper({
    session: () => session?.id,
    key: () => frame?.epoch,
    learningRate: () => state.learning_rate,
    onError: showError,
  });
  try {
    fillChoices(await api.getChoices());
  } catch (e) {
    showError(e);
  }
  change(state);
}

async function copyCommand() {
  const text = $('command').textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange(); // no clipboard permission: select it for Ctrl-C
    range.selectNodeContents($('command'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return;
  }
  $('copy-command').textContent = 'copied ✓'; // until the next session's command
}

start();
