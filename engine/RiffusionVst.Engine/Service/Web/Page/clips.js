// Clips: the library newest first, search by prompt, play/stop in the page, drag out (Chromium's DownloadURL, or a
// native file drag when the plugin's editor hosts the page), show in folder, delete (to the library's Trash folder).
import { getJson, postJson, clipAudio, clipImage, el, say } from "./api.js";

const flash = () => document.getElementById("flash");
const player = () => document.getElementById("clip-player");
let query = "";
let timer = null;

export async function init() {
  const search = document.getElementById("clip-search");
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { query = search.value; refresh(); }, 200); });
  player().addEventListener("playing", () => markPlaying(player().dataset.clip, "true"));
  player().addEventListener("ended", () => markPlaying(null));
  await refresh();
}

export const shown = () => refresh();

// A plugin's grid brings several loops at once: the list is read again once they have settled.
let pending = null;
export function onEvent(event) {
  if (event.type === "loop" && event.clipId) { clearTimeout(pending); pending = setTimeout(refresh, 300); }
}

function markPlaying(id, played) {
  for (const row of document.querySelectorAll("#clip-list li")) {
    const on = row.dataset.clip === id;
    row.classList.toggle("playing", on);
    row.querySelector(".play").textContent = on ? "Stop" : "Play";
    if (on && played) row.dataset.played = played;
  }
}

function toggle(id) {
  const audio = player();
  if (audio.dataset.clip === id && !audio.paused) { audio.pause(); audio.dataset.clip = ""; markPlaying(null); return; }
  audio.dataset.clip = id;
  audio.src = clipAudio(id);
  audio.play().catch(e => say(flash(), "Could not play the clip: " + e.message, true));
}

async function refresh() {
  const answer = await getJson("/api/clips?q=" + encodeURIComponent(query));
  document.getElementById("clip-folder").textContent = answer.folder ? "in " + answer.folder : answer.error;
  document.getElementById("no-clips").hidden = answer.clips.length > 0;
  document.getElementById("clip-list").replaceChildren(...answer.clips.map(row));
  if (!player().paused) markPlaying(player().dataset.clip);
}

function row(clip) {
  const prompt = clip.promptA === clip.promptB ? clip.promptA : `${clip.promptA} → ${clip.promptB} (α ${clip.alpha.toFixed(2)})`;
  const item = el("li", { draggable: "true", "data-clip": clip.id, title: "Drag into your DAW or onto the desktop" },
    el("img", { src: clipImage(clip.id), alt: "spectrogram", loading: "lazy" }),
    el("div", {}, el("div", { class: "prompt" }, prompt),
      el("div", { class: "muted" }, `${clip.bpm.toFixed(2)} BPM · ${clip.bars} bars of ${clip.beatsPerBar} · ${new Date(clip.created).toLocaleString()}`)),
    el("div", { class: "buttons" },
      el("button", { type: "button", class: "play", onclick: () => toggle(clip.id) }, "Play"),
      el("button", { type: "button", onclick: () => postJson(`/api/clips/${encodeURIComponent(clip.id)}/reveal`).catch(e => say(flash(), e.message, true)) }, "Show in folder"),
      el("button", { type: "button", class: "delete", onclick: () => remove(clip.id) }, "Delete")));
  item.addEventListener("dragstart", e => drag(e, clip));
  return item;
}

function drag(event, clip) {
  // In the plugin's editor (WebView2) the host starts a real file drag of the WAV, which DAWs take like one from Explorer.
  if (window.chrome?.webview) {
    event.preventDefault();
    window.chrome.webview.postMessage({ type: "drag-clip", path: clip.path });
    return;
  }
  const url = new URL(clipAudio(clip.id), location.href).href;
  event.dataTransfer.setData("DownloadURL", `audio/wav:${clip.id}.wav:${url}`);
  event.dataTransfer.setData("text/uri-list", url);
  event.dataTransfer.effectAllowed = "copy";
}

async function remove(id) {
  try {
    const answer = await postJson(`/api/clips/${encodeURIComponent(id)}/trash`);
    say(flash(), `Moved to ${answer.trash}.`);
    await refresh();
  } catch (e) {
    say(flash(), e.message, true);
  }
}
