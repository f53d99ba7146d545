/*
 * Keyboard shortcuts for the moderation queue. Every shortcut presses a button
 * that is already in the page, so the server sees exactly what a mouse click
 * (or a browser without JavaScript) would send.
 *   j / k   next / previous comment      a   approve
 *   1..9    reject with that reason      x   select for a bulk decision
 * After a decision the queue reloads; j starts again at the oldest comment.
 */
(function () {
  "use strict";

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-comment]"));
  }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-comment]") : null;
  }

  function focusItem(item) {
    if (!item) { return; }
    items().forEach(function (other) { other.classList.remove("is-current"); });
    item.classList.add("is-current");
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = items();
    if (!all.length) { return; }
    var index = all.indexOf(current());
    var next = index === -1 ? (step > 0 ? 0 : all.length - 1) : index + step;
    focusItem(all[Math.max(0, Math.min(all.length - 1, next))]);
  }

  function typing(target) {
    return target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "checkbox");
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    var item = current();
    var button = null;
    if (event.key === "j") { move(1); }
    else if (event.key === "k") { move(-1); }
    else if (event.key === "a" && item) { button = item.querySelector("[data-approve]"); }
    else if (/^[1-9]$/.test(event.key) && item) {
      button = item.querySelector('[data-reason-key="' + event.key + '"]');
    } else if (event.key === "x" && item) {
      var box = item.querySelector("input[type=checkbox]");
      if (box) { box.checked = !box.checked; }
    } else { return; }
    event.preventDefault();
    if (button) { button.click(); }
  });

  // One click decides a whole group of near-identical comments: ask first. Without
  // JavaScript the buttons work as they are.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-group-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-group-confirm"))) {
      event.preventDefault();
    }
  });

})();
