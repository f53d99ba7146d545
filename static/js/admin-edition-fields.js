// A story's text fields are written in its edition's language and direction, whatever
// language the admin itself is in. The server gives them `dir` and `lang` (and marks
// them `data-edition-text`); when the editor chooses another edition, this turns them
// to the new one, as the edition select's `data-edition-text-attrs` describes each:
// {"ckb": {"dir": "rtl", "lang": "ckb"}, ...}. The body's rich-text editor (static/js/
// body-editor.js) hides its textarea and edits in a contenteditable beside it: that
// takes the same attributes (its toolbar stays in the admin's own direction).
(function () {
  "use strict";

  function editorOf(field) {
    var wrapper = field.closest(".prose-editor");
    return wrapper && wrapper.querySelector('[contenteditable="true"]');
  }

  function apply(attrs) {
    document.querySelectorAll("[data-edition-text]").forEach(function (field) {
      [field, editorOf(field)].forEach(function (element) {
        if (element) {
          element.setAttribute("dir", attrs.dir);
          element.setAttribute("lang", attrs.lang);
        }
      });
    });
  }

  function current(select) {
    var all;
    try {
      all = JSON.parse(select.getAttribute("data-edition-text-attrs") || "{}");
    } catch (error) {
      return null;
    }
    return all[select.value] || null;
  }

  function start() {
    var select = document.querySelector("select[data-edition-text-attrs]");
    if (!select) {
      return;
    }
    var follow = function () {
      var attrs = current(select);
      if (attrs) {
        apply(attrs);
      }
    };
    select.addEventListener("change", follow);
    // The body editor appears after this script has run: give it the attributes too.
    document.addEventListener("prose-editor:ready", follow);
    follow();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
