// The server's HTTP API (docs/PLAYGROUND.md), one function per request. Every error is a
// 4xx whose body is one line of text naming what is wrong: it becomes the Error's message,
// so the page can show the library's own words.

async function request(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  if (!response.ok) throw new Error((await response.text()).trim() || `${method} ${path}: ${response.status}`);
  if (response.status === 204) return null;
  return response.json();
}

export const getChoices = () => request('GET', '/api/choices');
export const createSession = (config) => request('POST', '/api/sessions', config);
export const deleteSession = (id) => request('DELETE', `/api/sessions/${id}`);
// {train_seconds} or {epochs}, plus {grid, neurons}: what to train, then what to draw.
export const frame = (id, what) => request('POST', `/api/sessions/${id}/frame`, what);
export const explain = (id, example, learningRate) =>
  request('POST', `/api/sessions/${id}/explain`, { example, learning_rate: learningRate });
export const gradcheck = (id) => request('POST', `/api/sessions/${id}/gradcheck`, {});
export const modelUrl = (id) => `/api/sessions/${id}/model.json`;
