// The controls: filled from the server's registries (/api/choices), set from the state,
// and read back into it. Every change goes through onChange(state): the page then starts
// a new session (as TensorFlow Playground does).
import { CHOICE_FIELDS, GATES, isGate, isUpload } from './state.js';

const $ = (id) => document.getElementById(id);
const option = (value, text, title = '') => Object.assign(document.createElement('option'), { value, textContent: text, title });
let registries = {}; // field → [{name, help, params}]

export function fillChoices(choices) {
  registries = {
    activation: choices.activations, loss: choices.losses, init: choices.inits,
    optimizer: choices.optimizers, schedule: choices.schedules,
  };
  for (const field of CHOICE_FIELDS) {
    $(field).replaceChildren(...(registries[field] ?? []).map((c) => option(c.name, c.name, c.help)));
  }
  const gates = document.createElement('optgroup');
  gates.label = 'logic gates: 4 points';
  const plane = document.createElement('optgroup');
  plane.label = 'points in the plane';
  for (const d of choices.datasets ?? []) {
    if (GATES.includes(d.name)) gates.append(option(d.name, d.name, d.help));
    else if (d.generated) plane.append(option(d.name, d.name, d.help));
  }
  const upload = document.createElement('optgroup');
  upload.label = 'your file';
  upload.id = 'upload-group';
  $('data').replaceChildren(gates, plane, upload);
}

const helpOf = (field, name) => (registries[field] ?? []).find((c) => c.name === name);

// A choice's parameters as number inputs next to its select (e.g. momentum's μ).
function showParams(field, choice, onParam) {
  const box = $(`${field}-params`);
  box.replaceChildren();
  for (const p of helpOf(field, choice.name)?.params ?? []) {
    const input = Object.assign(document.createElement('input'), { type: 'number', step: 'any', id: `${field}-${p.name}` });
    input.value = choice[p.name] ?? p.default;
    input.title = `${p.help}${p.range ? ` (${p.range})` : ''}; default ${p.default}`;
    input.addEventListener('change', () => onParam(p.name, input.value === '' ? undefined : Number(input.value)));
    const label = document.createElement('label');
    label.className = 'param';
    label.append(p.name, ' ', input);
    box.append(label);
  }
}

export function showState(state, onChange) {
  if (isUpload(state) && ![...$('data').options].some((o) => o.value === state.data)) {
    $('upload-group').replaceChildren(option(state.data, `${state.data} (uploaded)`));
  }
  $('data').value = state.data;
  $('data-help').textContent = isUpload(state) ? 'your CSV file: its last column is the label' : ($('data').selectedOptions[0]?.title ?? '');
  const gate = isGate(state), generated = !gate && !isUpload(state);
  $('validation-split').value = state.validation_split;
  $('validation-split').disabled = gate;
  const split = gate ? 0 : state.validation_split;
  $('split-value').textContent = `${Math.round((1 - split) * 100)} : ${Math.round(split * 100)}`;
  $('noise').value = state.noise;
  $('noise-value').textContent = state.noise.toFixed(2);
  for (const id of ['noise', 'points', 'regenerate']) $(id).disabled = !generated;
  $('points').value = state.points;
  for (const field of CHOICE_FIELDS) {
    $(field).value = state[field].name;
    showParams(field, state[field], (name, value) => {
      const next = { ...state[field] };
      if (value === undefined) delete next[name]; else next[name] = value;
      onChange({ ...state, [field]: next });
    });
  }
  $('learning-rate').value = state.learning_rate;
  $('batch').value = state.batch;
  $('l2').value = state.l2;
  $('seed').value = state.seed;
  $('layer-count').textContent = `${state.hidden.length} hidden layer${state.hidden.length === 1 ? '' : 's'}`;
  $('params-note').hidden = !state.init_params_text;
  $('share-note').hidden = !isUpload(state);
  $('params-name').textContent = state.init_params || 'a file';
}

// Wires every control once; get() returns the state as it is now.
export function bindControls(get, onChange) {
  const set = (patch) => onChange({ ...get(), ...patch });
  const number = (id, key) => $(id).addEventListener('change', () => set({ [key]: $(id).value === '' ? NaN : Number($(id).value) }));
  $('data').addEventListener('change', () => {
    const data = $('data').value;
    const patch = { data, data_text: data === get().data ? get().data_text : '' };
    if (!isUpload(patch)) $('upload-group').replaceChildren();
    // Three blobs need one output per class: softmax with cross-entropy.
    if (data === 'blobs3') patch.loss = { name: 'softmax-ce' };
    else if (get().loss.name === 'softmax-ce') patch.loss = { name: 'bce' };
    // Points in the plane want test data; the gates have none to spare.
    if (!GATES.includes(data) && get().validation_split === 0) patch.validation_split = 0.5;
    set(patch);
  });
  $('validation-split').addEventListener('input', () => {
    const s = Number($('validation-split').value);
    $('split-value').textContent = `${Math.round((1 - s) * 100)} : ${Math.round(s * 100)}`;
  });
  $('noise').addEventListener('input', () => { $('noise-value').textContent = Number($('noise').value).toFixed(2); });
  number('validation-split', 'validation_split');
  number('noise', 'noise');
  number('points', 'points');
  number('learning-rate', 'learning_rate');
  number('batch', 'batch');
  number('l2', 'l2');
  number('seed', 'seed');
  $('regenerate').addEventListener('click', () => set({ data_seed: Math.floor(Math.random() * 1e6) }));
  for (const field of CHOICE_FIELDS) $(field).addEventListener('change', () => set({ [field]: { name: $(field).value } }));
  $('upload').addEventListener('change', async () => {
    const file = $('upload').files[0];
    if (!file) return;
    set({ data: file.name, data_text: await file.text(), validation_split: get().validation_split || 0.2 });
    $('upload').value = ''; // choosing the same file again is a change too
  });
  $('params-upload').addEventListener('change', async () => {
    const file = $('params-upload').files[0];
    if (file) set({ init_params_text: await file.text(), init_params: file.name });
    $('params-upload').value = '';
  });
  $('params-clear').addEventListener('click', () => set({ init_params_text: '', init_params: '' }));
}
