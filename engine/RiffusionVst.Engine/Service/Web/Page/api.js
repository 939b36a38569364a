// Talking to the engine: every change carries the page's token in a header (the cookie alone is never enough).
const token = document.querySelector('meta[name="riffusion-token"]').content;

async function answer(response) {
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : { error: await response.text() };
  if (!response.ok) throw new Error(body.error || `The engine answered ${response.status}.`);
  return body;
}

export async function getJson(path) {
  return answer(await fetch(path, { credentials: "same-origin" }));
}

export async function postJson(path, data = {}) {
  return answer(await fetch(path, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Riffusion-Token": token },
    body: JSON.stringify(data),
  }));
}

export async function postForm(path, form) {
  return answer(await fetch(path, { method: "POST", credentials: "same-origin", headers: { "X-Riffusion-Token": token }, body: form }));
}

/** Live events from the engine; the browser reconnects by itself when the line drops. */
export function listen(handler) {
  const source = new EventSource("/api/events");
  const line = document.getElementById("engine-gone");
  source.onmessage = e => handler(JSON.parse(e.data));
  // The page is the engine's: when its events stop, the engine has gone (the plugins keep playing what they have).
  source.onerror = () => { line.hidden = false; };
  source.onopen = () => { line.hidden = true; };
  return source;
}

export const clipAudio = id => `/clips/${encodeURIComponent(id)}/audio`;
export const clipImage = id => `/clips/${encodeURIComponent(id)}/image`;

/** Shows a message (an error in red) in an element with the "message" class. */
export function say(element, text, isError = false) {
  element.textContent = text;
  element.classList.toggle("error", isError);
  element.hidden = !text;
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value != null) node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter(c => c != null));
  return node;
}
