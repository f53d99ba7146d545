/*
 * Ordered inlines in the admin (bylines, participants, turns): "Move up" and
 * "Move down" buttons on each row, which move the row and rewrite the Order
 * numbers 1..n. Without JavaScript editors type the numbers; the server
 * renumbers on save either way.
 */
(function () {
  "use strict";

  // The admin's JavaScript catalog (admin:jsi18n) when the page loads it.
  var gettext = window.gettext || function (text) { return text; };

  function rows(group) {
    return Array.prototype.filter.call(
      group.querySelectorAll("tr.form-row"),
      function (row) { return !row.classList.contains("empty-form"); }
    );
  }

  function renumber(group) {
    var number = 0;
    rows(group).forEach(function (row) {
      var input = row.querySelector("input.position-input");
      var deleted = row.querySelector("input[name$='-DELETE']");
      if (!input || (deleted && deleted.checked)) { return; }
      number += 1;
      input.value = number;
    });
  }

  function addButtons(group, row) {
    var cell = row.querySelector("td.field-order");
    if (!cell || cell.querySelector(".reorder-buttons")) { return; }
    var wrap = document.createElement("span");
    wrap.className = "reorder-buttons";
    [["up", gettext("Move up"), "\u2191"], ["down", gettext("Move down"), "\u2193"]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "reorder-button reorder-" + spec[0];
      button.setAttribute("aria-label", spec[1]);
      button.title = spec[1];
      button.textContent = spec[2];
      button.addEventListener("click", function () {
        var all = rows(group);
        var index = all.indexOf(row);
        var target = spec[0] === "up" ? all[index - 1] : all[index + 1];
        if (!target) { return; }
        if (spec[0] === "up") {
          target.parentNode.insertBefore(row, target);
        } else {
          target.parentNode.insertBefore(row, target.nextSibling);
        }
        renumber(group);
        button.focus();
      });
      wrap.appendChild(button);
    });
    cell.appendChild(wrap);
  }

  function setUp(group) {
    rows(group).forEach(function (row) { addButtons(group, row); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".inline-group").forEach(function (group) {
      if (group.querySelector("input.position-input")) { setUp(group); }
    });
  });

  document.addEventListener("formset:added", function (event) {
    var row = event.target;
    var group = row.closest(".inline-group");
    if (!group) { return; }
    addButtons(group, row);
    var input = row.querySelector("input.position-input");
    if (input && !input.value) {
      input.value = rows(group).filter(function (r) {
        return r.querySelector("input.position-input");
      }).length;
    }
  });
})();
