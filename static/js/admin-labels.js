// Names for the admin's form controls that Django leaves unnamed, so that a screen
// reader says which field it is in (and axe passes):
// - autocomplete boxes (select2) are named by the chosen option alone, and by
//   nothing while empty: their field's label is added; so is their search box's;
// - a tabular inline's cells (byline author, role, order; a turn's speaker) have a
//   column heading but no label: they are named by the heading and the row;
// - the date and time halves of a date-time field are named by the field's label;
// - the body editor (a contenteditable) is named by the body field's label.
// Boxes appear when the page is ready and when an inline row is added, so new ones
// are watched for.
(function () {
  "use strict";

  // Django's JavaScript catalog (admin/jsi18n/, on forms that need it) translates the
  // few words added here; without it they stay in English.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate =
    window.interpolate ||
    function (format, values) {
      return format.replace(/%\((\w+)\)s/g, function (match, name) {
        return values[name];
      });
    };

  function named(element) {
    return (
      element.hasAttribute("aria-label") ||
      element.hasAttribute("aria-labelledby") ||
      (element.labels && element.labels.length > 0)
    );
  }

  function idOf(element, fallback) {
    if (!element.id) {
      element.id = fallback;
    }
    return element.id;
  }

  function text(element) {
    return (element.textContent || "").replace(/\s+/g, " ").replace(/:\s*$/, "").trim();
  }

  function rowLabel(element) {
    var row = element.closest(".form-row, .fieldBox");
    return row && row.querySelector("label");
  }

  function labelSelect2(box) {
    var container = box.closest(".select2");
    var select = container && container.previousElementSibling;
    if (!select || !select.id || box.dataset.labelled) {
      return;
    }
    var label = document.querySelector('label[for="' + select.id + '"]');
    var name = label ? idOf(label, select.id + "-label") : null;
    if (!name) {
      var heading = columnHeading(select);
      if (!heading) {
        return;
      }
      name = idOf(heading, "heading-" + select.id);
    }
    var own = box.getAttribute("aria-labelledby");
    box.setAttribute("aria-labelledby", own ? name + " " + own : name);
    // The chosen option's text box inside it (role "textbox", empty until a choice).
    var shown = box.querySelector(".select2-selection__rendered");
    if (shown && shown.id) {
      shown.setAttribute("aria-labelledby", name + " " + shown.id);
    }
    var search = box.querySelector(".select2-search__field");
    if (search && !named(search)) {
      search.setAttribute("aria-labelledby", name);
    }
    box.dataset.labelled = "1";
  }

  function columnHeading(control) {
    var cell = control.closest("td");
    var table = cell && cell.closest("table");
    if (!table) {
      return null;
    }
    if (cell.classList.contains("delete")) {
      var headings = table.querySelectorAll("thead th");
      return headings.length ? headings[headings.length - 1] : null;
    }
    var field = Array.prototype.find.call(cell.classList, function (name) {
      return name.indexOf("field-") === 0;
    });
    return field ? table.querySelector("th.column-" + field.slice(6)) : null;
  }

  function labelControl(control) {
    if (named(control) || control.type === "hidden") {
      return;
    }
    var heading = columnHeading(control);
    if (heading) {
      var row = control.closest("tr");
      var rows = row ? Array.prototype.indexOf.call(row.parentNode.children, row) + 1 : 0;
      control.setAttribute(
        "aria-label",
        rows
          ? interpolate(gettext("%(column)s, row %(row)s"), { column: text(heading), row: rows }, true)
          : text(heading)
      );
      return;
    }
    var label = rowLabel(control);
    if (!label) {
      return;
    }
    var name = text(label);
    if (control.closest(".datetime")) {
      var half = /_1$/.test(control.id) ? gettext("%(field)s (time)") : gettext("%(field)s (date)");
      name = interpolate(half, { field: name }, true);
    }
    control.setAttribute("aria-label", name);
  }

  function labelAll(root) {
    root.querySelectorAll('.select2-selection[role="combobox"]').forEach(labelSelect2);
    root.querySelectorAll(".select2-search__field").forEach(function (search) {
      if (!named(search)) {
        var box = search.closest(".select2");
        var combobox = box && box.querySelector('.select2-selection[role="combobox"]');
        var by = combobox && combobox.getAttribute("aria-labelledby");
        if (by) {
          search.setAttribute("aria-labelledby", by.split(" ")[0]);
        }
      }
    });
    root.querySelectorAll("form input, form select, form textarea").forEach(labelControl);
    root.querySelectorAll('[contenteditable="true"]').forEach(function (editor) {
      var label = rowLabel(editor);
      if (label && !named(editor)) {
        editor.setAttribute("aria-labelledby", idOf(label, "editor-label"));
      }
    });
  }

  function start() {
    labelAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          // Typing in the body editor changes it all the time: nothing to name there.
          if (node.nodeType === Node.ELEMENT_NODE && !node.closest("[contenteditable]")) {
            labelAll(node.parentNode || node);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
