// Generate: the one-off form of `riffusion-engine generate` → one clip, with live progress and a player.
import { postForm, clipAudio, clipImage, el, say } from "./api.js";

let job = "";

export function init() {
  const form = document.getElementById("generate-form");
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const message = document.getElementById("generate-message");
    const progress = document.getElementById("generate-progress");
    const data = new FormData(form);
    job = "generate-" + Math.random().toString(36).slice(2);
    data.set("job", job);
    say(message, "");
    progress.textContent = "queued";
    form.querySelector("button").disabled = true;
    try {
      const clip = await postForm("/api/render", data);
      progress.textContent = "";
      say(message, `Done: ${clip.bars} bars at ${clip.bpm} BPM (${clip.seconds.toFixed(2)} s), saved as ${clip.clipId}.wav in the clip library.`);
      document.getElementById("generate-result").replaceChildren(el("figure", { "data-clip": clip.clipId },
        el("img", { src: clipImage(clip.clipId), alt: "spectrogram" }), el("audio", { controls: true, src: clipAudio(clip.clipId) })));
    } catch (error) {
      progress.textContent = "";
      say(message, error.message, true);
    } finally {
      form.querySelector("button").disabled = false;
      job = "";
    }
  });
}

export function onEvent(event) {
  if (event.type === "progress" && job && event.job === job)
    document.getElementById("generate-progress").textContent = event.text;
}
