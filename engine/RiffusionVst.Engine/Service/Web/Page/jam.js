// Jam: Riffusion's web app, locally. Type a prompt, press play: the engine renders the next clip while the page plays
// the current one, each scheduled with Web Audio exactly on the bar after the last. A new prompt morphs in in alpha
// steps (alpha velocity, 0.25); with no new prompt the seed walks on. The spectrogram timeline scrolls under a playhead.
import { postForm, clipAudio, clipImage, el, say } from "./api.js";

const PIXELS_PER_SECOND = 48;
const LOOKAHEAD_SECONDS = 0.25;
const RANDOM_PROMPTS = [
  "jazz pianist playing a concerto", "techno DJ and a country singer", "classical italian tenor operatic pop",
  "lo-fi beat for the holidays", "funky bass line with drums", "church bells on sunday", "reggae fusion guitar",
  "(dub techno:1.2), deep chords", "acoustic folk fiddle jam", "[distorted] synthwave arpeggio", "bossa nova with brushes",
];
// Riffusion's share-link names (prompt, seed, denoising, seedImageId, alphaVelocity), plus ours for the rest.
const SHARE = { prompt: "jam-prompt", seed: "jam-seed", denoising: "jam-denoising", seedImageId: "jam-seed-image", alphaVelocity: "jam-velocity", guidance: "jam-guidance", numInferenceSteps: "jam-steps", maskImageId: "jam-mask" };

const $ = id => document.getElementById(id);
const value = id => $(id).value.trim();
const number = id => Number(value(id));

let ctx = null, playing = false, timer = null, rendering = false;
let start = null, end = null, alpha = 0, upNext = "";
let ready = [], current = null, nextStart = 0, t0 = 0, count = 0, session = 0;
const sources = [];
// What was scheduled when, for people (the log below the timeline) and for tests.
const scheduled = [];
window.riffusionJam = { scheduled, get currentTime() { return ctx ? ctx.currentTime : 0; } };

export function init() {
  const params = new URLSearchParams(location.search);
  for (const [name, id] of Object.entries(SHARE)) if (params.has(name)) $(id).value = params.get(name);
  if (params.has("prompt") && !location.hash) location.hash = "#jam";
  $("jam-form").addEventListener("submit", e => { e.preventDefault(); playing && value("jam-prompt") === (upNext || end?.prompt) ? stop() : play(); });
  $("jam-random").addEventListener("click", () => { $("jam-prompt").value = RANDOM_PROMPTS[Math.floor(Math.random() * RANDOM_PROMPTS.length)]; if (playing) play(); });
  $("jam-share").addEventListener("click", share);
}

export function onEvent(event) {
  if (event.type === "progress" && event.job === "jam" && playing) status(`next clip: ${event.text}`);
}

function status(text) { $("jam-status").textContent = text; }

function play() {
  const prompt = value("jam-prompt");
  if (!prompt) { say($("jam-message"), "Type a prompt first (or press Random).", true); return; }
  if (!(number("jam-bpm") > 0)) { say($("jam-message"), "BPM must be a number above 0.", true); return; }
  say($("jam-message"), "");
  if (playing) { upNext = prompt; status(`up next: ${prompt}`); return; } // morphs in at the next rollover
  ctx ??= new AudioContext();
  ctx.resume();
  const seed = Math.trunc(number("jam-seed")) || 0;
  start = { prompt, seed }; end = { prompt, seed: seed + 1 };
  alpha = number("jam-velocity") || 0.25;
  upNext = ""; ready = []; current = null; nextStart = 0; playing = true; session++;
  $("jam-play").textContent = "Stop";
  status("rendering the first clip…");
  timer = setInterval(tick, 50);
  requestAnimationFrame(scroll);
  renderNext();
}

function stop() {
  playing = false;
  clearInterval(timer);
  // Clips already scheduled ahead must not sound after a stop (or after the next play starts).
  for (const source of sources.splice(0)) source.stop();
  ctx?.suspend();
  $("jam-play").textContent = "Play";
  status("Stopped.");
}

async function renderNext() {
  if (!playing || rendering || ready.length > 0) return;
  rendering = true;
  const mine = session;
  const form = new FormData();
  const fields = { promptA: start.prompt, seedA: start.seed, promptB: end.prompt, seedB: end.seed, alpha: Math.min(alpha, 1),
    denoising: value("jam-denoising"), guidance: value("jam-guidance"), steps: value("jam-steps"), bpm: value("jam-bpm"),
    bars: value("jam-bars"), seedPattern: value("jam-seed-image"), mask: value("jam-mask"), job: "jam" };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  try {
    const clip = await postForm("/api/render", form);
    const bytes = await (await fetch(clipAudio(clip.clipId))).arrayBuffer();
    const what = { promptA: fields.promptA, promptB: fields.promptB, seedA: fields.seedA, seedB: fields.seedB, alpha: fields.alpha };
    const label = `${what.promptA === what.promptB ? what.promptA : what.promptA + " → " + what.promptB} α ${what.alpha.toFixed(2)}`;
    const buffer = await ctx.decodeAudioData(bytes);
    // A clip rendered for a jam that was stopped since is dropped; the jam playing now asks for its own.
    if (mine === session) {
      ready.push({ ...clip, ...what, buffer, label });
      advance();
    }
  } catch (e) {
    // The engine said what was wrong: stop rather than ask again and again.
    say($("jam-message"), e.message, true);
    if (mine === session) stop();
    return;
  } finally {
    rendering = false;
  }
  if (playing) renderNext();
}

// Riffusion's walk: alpha grows by the velocity; past 1 it rolls over into the next prompt (if one is up) or the next seed.
function advance() {
  alpha += number("jam-velocity") || 0.25;
  if (alpha > 1 + 1e-3) {
    alpha -= 1;
    start = { ...end };
    end = upNext ? { prompt: upNext, seed: end.seed + 1 } : { prompt: end.prompt, seed: end.seed + 1 };
    upNext = "";
  }
}

function tick() {
  if (!playing) return;
  if (!current && ready.length) { nextStart = ctx.currentTime + 0.1; t0 = nextStart; }
  if (!current && !ready.length) return;
  if (ctx.currentTime < nextStart - LOOKAHEAD_SECONDS) return;
  // The next clip if it is here; otherwise the current one again, so the music never stops on the bar.
  const clip = ready.shift() ?? current;
  const source = ctx.createBufferSource();
  source.buffer = clip.buffer;
  source.connect(ctx.destination);
  source.start(nextStart);
  sources.push(source);
  source.onended = () => sources.splice(sources.indexOf(source), 1);
  const bar = Math.round((nextStart - t0) / (60 * clip.beatsPerBar / clip.bpm));
  scheduled.push({ clipId: clip.clipId, start: nextStart, duration: clip.seconds, bar, repeat: clip === current,
    promptA: clip.promptA, promptB: clip.promptB, seedA: clip.seedA, seedB: clip.seedB, alpha: clip.alpha });
  $("jam-log").prepend(el("li", {}, `bar ${bar + 1}: ${clip.label}${clip === current ? " (again)" : ""}`));
  const image = el("img", { src: clipImage(clip.clipId), alt: clip.label });
  image.style.width = `${clip.seconds * PIXELS_PER_SECOND}px`;
  $("jam-strip").append(image);
  if (clip !== current) status(`playing: ${clip.label}`);
  current = clip;
  nextStart += clip.seconds;
  count++;
  renderNext();
}

function scroll() {
  if (!playing) return;
  const played = Math.max(0, ctx.currentTime - t0);
  $("jam-strip").style.transform = `translateX(${-played * PIXELS_PER_SECOND}px)`;
  requestAnimationFrame(scroll);
}

function share() {
  const params = new URLSearchParams();
  for (const [name, id] of Object.entries(SHARE)) if (value(id)) params.set(name, value(id));
  const link = `${location.origin}/?${params}#jam`;
  const box = $("jam-share-link");
  box.value = link;
  box.hidden = false;
  box.select();
  navigator.clipboard?.writeText(link).catch(() => {});
}
