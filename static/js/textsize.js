/*
 * A+ / A- text size for stories. Loaded in <head> without defer so the saved
 * size applies before first paint; the buttons are wired once the page is
 * parsed. With JavaScript off the buttons stay hidden and the page reads at
 * the default size.
 */
(function () {
  "use strict";

  var KEY = "newsroom:text-size";
  var MIN = -2;
  var MAX = 4;
  var root = document.documentElement;

  function clamp(step) {
    return Math.max(MIN, Math.min(MAX, step));
  }

  function read() {
    try {
      var stored = parseInt(window.localStorage.getItem(KEY), 10);
      return isNaN(stored) ? 0 : clamp(stored);
    } catch (error) {
      return 0; // storage blocked: sizes still work for this page
    }
  }

  function write(step) {
    try {
      if (step === 0) {
        window.localStorage.removeItem(KEY);
      } else {
        window.localStorage.setItem(KEY, String(step));
      }
    } catch (error) { /* storage blocked: keep the size for this page only */ }
  }

  function apply(step) {
    if (step === 0) {
      root.removeAttribute("data-text-size");
    } else {
      root.setAttribute("data-text-size", String(step));
    }
  }

  var current = read();
  apply(current);

  // The edition this page is in, for "/" to offer it first next time (edition-choice.js).
  var edition = root.getAttribute("data-edition");
  if (edition) {
    try {
      window.localStorage.setItem("newsroom:edition", edition);
    } catch (error) { /* storage blocked */ }
  }

  function percent(step) {
    return Math.round(100 * Math.pow(1.125, step));
  }

  function refresh(controls, announce) {
    controls.querySelectorAll("[data-text-size-step]").forEach(function (button) {
      var delta = parseInt(button.getAttribute("data-text-size-step"), 10);
      var atBound = delta > 0 ? current >= MAX : current <= MIN;
      // aria-disabled rather than disabled: the button keeps keyboard focus.
      button.setAttribute("aria-disabled", atBound ? "true" : "false");
      // Pressed while the text is larger (A+) or smaller (A-) than the default.
      var active = delta > 0 ? current > 0 : current < 0;
      button.setAttribute("aria-pressed", active ? "true" : "false");
    });
    controls.setAttribute("data-current-step", String(current));
    if (announce) {
      var status = controls.querySelector("[data-text-size-status]");
      // The sentence comes translated from the page: data-status-text="... {percent} ...".
      if (status) {
        var text = status.getAttribute("data-status-text") || "Text size {percent}%";
        status.textContent = text.replace("{percent}", String(percent(current)));
      }
    }
  }

  function wire(controls) {
    controls.hidden = false;
    controls.querySelectorAll("[data-text-size-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        var delta = parseInt(button.getAttribute("data-text-size-step"), 10);
        var next = clamp(current + delta);
        if (next === current) { return; }
        current = next;
        apply(current);
        write(current);
        refresh(controls, true);
      });
    });
    refresh(controls, false);
  }

  // Another tab changed the size: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) { return; }
    current = read();
    apply(current);
    document.querySelectorAll("[data-text-size-controls]").forEach(function (controls) {
      refresh(controls, false);
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-text-size-controls]").forEach(wire);
  });
})();
