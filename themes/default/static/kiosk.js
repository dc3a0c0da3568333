/* 大屏展示 (kiosk) slide show: no dependencies, no network, works from file://.
 *
 * Every slide is already in the HTML; this script shows one at a time and advances every
 * data-slide-seconds seconds. Tap the screen (or press the pause button, Space or K) to pause or
 * resume; swipe, the ◀ ▶ buttons or the arrow keys go back and forth and pause. After
 * data-idle-seconds seconds without a touch, auto-play resumes (WCAG 2.2.2: moving content that
 * lasts over 5 s can be paused).
 * URL parameters ?slide=S&idle=S override both timings (for trying out and for tests).
 * State for tests and styling: <body data-state="playing|paused" data-current="N"> (N from 1).
 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function seconds(params, name, attr, fallback) {
    var v = parseFloat(params.get(name) || document.body.getAttribute(attr));
    return isFinite(v) && v > 0 ? v * 1000 : fallback * 1000;
  }

  function start() {
    var body = document.body;
    var stage = document.querySelector(".k-slides");
    var slides = Array.prototype.slice.call(document.querySelectorAll(".k-slide"));
    var controls = document.querySelector(".k-controls");
    if (!stage || !slides.length || !controls) return;
    var params = new URLSearchParams(location.search);
    var slideMs = seconds(params, "slide", "data-slide-seconds", 12);
    var idleMs = seconds(params, "idle", "data-idle-seconds", 60);
    var pauseButton = controls.querySelector(".k-pause");
    var pauseText = controls.querySelector(".k-pause-text");
    var icon = controls.querySelector(".k-icon");
    var counter = controls.querySelector(".k-counter");
    var mode = controls.querySelector(".k-mode");
    var bar = controls.querySelector(".k-progress-bar");
    var idleNote = "已暂停，" + Math.round(idleMs / 1000) + " 秒无操作后自动继续";

    var index = 0;
    var paused = false;
    var elapsed = 0;
    var last = performance.now();
    var lastInput = last;

    function show(i) {
      index = (i + slides.length) % slides.length;
      slides.forEach(function (s, j) {
        s.classList.toggle("is-current", j === index);
      });
      elapsed = 0;
      body.setAttribute("data-current", String(index + 1));
      counter.textContent = index + 1 + " / " + slides.length;
      render();
    }

    function render() {
      body.setAttribute("data-state", paused ? "paused" : "playing");
      pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");
      pauseText.textContent = paused ? "继续播放" : "暂停";
      icon.textContent = paused ? "▶" : "❚❚";
      mode.textContent = paused ? idleNote : "自动播放中";
      // Screen readers hear slide changes only when the user drives them (WAI carousel pattern).
      stage.setAttribute("aria-live", paused ? "polite" : "off");
      bar.style.width = Math.min(100, (elapsed / slideMs) * 100) + "%";
    }

    function touched() {
      lastInput = performance.now();
    }

    function setPaused(p) {
      paused = p;
      touched();
      render();
    }

    function step(delta) {
      paused = true;
      touched();
      show(index + delta);
    }

    function tick() {
      var now = performance.now();
      if (!paused) {
        elapsed += now - last;
        if (elapsed >= slideMs) show(index + 1);
      } else if (now - lastInput >= idleMs) {
        paused = false;
        elapsed = 0;
      }
      last = now;
      render();
    }

    controls.querySelector(".k-prev").addEventListener("click", function () { step(-1); });
    controls.querySelector(".k-next").addEventListener("click", function () { step(1); });
    pauseButton.addEventListener("click", function () { setPaused(!paused); });

    // Tap toggles pause; a horizontal swipe goes back or forth.
    var down = null;
    stage.addEventListener("pointerdown", function (e) {
      if (e.isPrimary) down = { x: e.clientX, y: e.clientY };
    });
    stage.addEventListener("pointercancel", function () { down = null; });
    stage.addEventListener("pointerup", function (e) {
      if (!down || !e.isPrimary) return;
      var dx = e.clientX - down.x;
      var dy = e.clientY - down.y;
      down = null;
      if (Math.abs(dx) >= 60 && Math.abs(dx) > Math.abs(dy)) step(dx < 0 ? 1 : -1);
      else if (Math.abs(dx) < 20 && Math.abs(dy) < 20) setPaused(!paused);
      else touched();
    });

    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      var onButton = e.target && e.target.tagName === "BUTTON";
      switch (e.key) {
        case "ArrowRight": case "PageDown": step(1); break;
        case "ArrowLeft": case "PageUp": step(-1); break;
        case "Home": paused = true; touched(); show(0); break;
        case "End": paused = true; touched(); show(slides.length - 1); break;
        case " ": case "Enter":
          if (onButton) { touched(); return; }
          setPaused(!paused); break;
        case "k": case "K": case "p": case "P": setPaused(!paused); break;
        default: touched(); return;
      }
      e.preventDefault();
    });

    controls.hidden = false;
    show(0);
    setInterval(tick, 100);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
