// The page's state: one plain object that the controls show, the URL hash holds (so a link
// reproduces the setup) and the server receives as a RunConfig (docs/PLAYGROUND.md).

// The gates have 4 fixed points: no noise, no size, nothing to hold out.
export const GATES = ['or', 'and', 'xor'];
// The crosses the page offers, in the order they join the features (and W1's columns).
export const CROSSES = [
  { name: '0*1', label: 'x₁·x₂', help: 'x₁ times x₂: the one cross that solves XOR without a hidden layer' },
  { name: '0*0', label: 'x₁²', help: 'x₁ squared: lets the boundary curve along x₁' },
  { name: '1*1', label: 'x₂²', help: 'x₂ squared: with x₁², a circle is a straight line in these features' },
  { name: 'sin(0)', label: 'sin x₁', help: 'sin x₁: a periodic feature' },
  { name: 'sin(1)', label: 'sin x₂', help: 'sin x₂: a periodic feature' },
];
export const CHOICE_FIELDS = ['activation', 'loss', 'init', 'optimizer', 'schedule'];
// The article's OR example: starting weights w = [0.1, 0.6], b = 0 (examples/or_article_weights.json).
export const ARTICLE_OR_PARAMS = '[{"W": [[0.1, 0.6]], "b": [[0.0]]}]';
// The name the server's messages and its command use: the file in the repository.
export const ARTICLE_OR_NAME = 'examples/or_article_weights.json';
export const MAX_LAYERS = 6;
export const MAX_NEURONS = 8;

// The article's XOR network: what a first visit shows.
export function defaultState() {
  return {
    data: 'xor', points: 200, noise: 0, data_seed: 0, validation_split: 0,
    data_text: '', crosses: [], hidden: [3],
    activation: { name: 'sigmoid' }, loss: { name: 'mse' }, init: { name: 'xavier' },
    optimizer: { name: 'sgd' }, schedule: { name: 'none' },
    init_params_text: '', init_params: '', // starting weights: a file's text, and its name
    learning_rate: 1, batch: 0, l2: 0, seed: 48,
  };
}

export const isGate = (state) => GATES.includes(state.data);
export const isUpload = (state) => state.data_text !== '';

// The RunConfig the server gets. A choice goes as its name, or as {"name", params…} when
// any parameter is set.
export function toRunConfig(state) {
  const choice = (c) => (Object.keys(c).length > 1 ? { ...c } : c.name);
  const config = {
    data: state.data,
    crosses: [...state.crosses],
    hidden: [...state.hidden],
    activation: choice(state.activation),
    loss: choice(state.loss),
    init: choice(state.init),
    learning_rate: state.learning_rate,
    batch: state.batch,
    optimizer: choice(state.optimizer),
    schedule: choice(state.schedule),
    l2: state.l2,
    seed: state.seed,
    epochs: 1000000, // the most a session may reach: the page decides when to stop
    validation_split: isGate(state) ? 0 : state.validation_split,
  };
  if (!isGate(state) && !isUpload(state)) {
    Object.assign(config, { points: state.points, noise: state.noise, data_seed: state.data_seed });
  }
  if (isUpload(state)) config.data_text = state.data_text;
  if (state.init_params_text) {
    config.init_params_text = state.init_params_text;
    if (state.init_params) config.init_params = state.init_params; // the name messages use
  }
  return config;
}

// The hash: readable key=value pairs, RunConfig's own field names; a choice's parameter
// as field.param (e.g. optimizer.momentum=0.9). An uploaded file's text is not included
// (a link would carry the whole file); starting parameters are, when short.
export function toHash(state) {
  const p = new URLSearchParams();
  p.set('data', state.data);
  if (!isGate(state) && !isUpload(state)) {
    p.set('points', state.points);
    p.set('noise', state.noise);
    p.set('data_seed', state.data_seed);
  }
  if (!isGate(state)) p.set('validation_split', state.validation_split);
  p.set('crosses', state.crosses.join(','));
  p.set('hidden', state.hidden.join(','));
  for (const field of CHOICE_FIELDS) {
    for (const [key, value] of Object.entries(state[field])) {
      p.set(key === 'name' ? field : `${field}.${key}`, value);
    }
  }
  for (const key of ['learning_rate', 'batch', 'l2', 'seed']) p.set(key, state[key]);
  if (state.init_params_text && state.init_params_text.length < 2000) {
    p.set('init_params_text', state.init_params_text);
    if (state.init_params) p.set('init_params', state.init_params);
  }
  // Commas and parentheses need no escaping in a fragment: keep "hidden=4,2" readable.
  return '#' + p.toString().replace(/%2C/g, ',').replace(/%28/g, '(').replace(/%29/g, ')');
}

// The state a hash describes: every field missing or unreadable keeps its default.
export function fromHash(hash) {
  const state = defaultState();
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const number = (key, integer) => {
    if (!p.has(key)) return;
    const v = Number(p.get(key));
    if (p.get(key) !== '' && Number.isFinite(v) && (!integer || Number.isInteger(v))) state[key] = v;
  };
  if (p.has('data')) state.data = p.get('data');
  number('points', true);
  number('noise');
  number('data_seed', true);
  number('validation_split');
  number('learning_rate');
  number('batch', true);
  number('l2');
  number('seed', true);
  if (p.has('crosses')) state.crosses = CROSSES.map((c) => c.name).filter((n) => p.get('crosses').split(',').includes(n));
  if (p.has('hidden')) {
    state.hidden = p.get('hidden').split(',').filter((s) => s !== '').map(Number)
      .filter((n) => Number.isInteger(n) && n >= 1).map((n) => Math.min(n, MAX_NEURONS)).slice(0, MAX_LAYERS);
  }
  for (const field of CHOICE_FIELDS) {
    if (p.has(field)) state[field] = { name: p.get(field) };
    for (const [key, value] of p) {
      if (key.startsWith(field + '.') && value !== '' && Number.isFinite(Number(value))) {
        state[field][key.slice(field.length + 1)] = Number(value);
      }
    }
  }
  if (p.has('init_params_text')) {
    state.init_params_text = p.get('init_params_text');
    state.init_params = p.get('init_params') ?? '';
  }
  return state;
}
