/*
 * "/" lists the editions and is the same page for every reader (one cached copy).
 * A reader who has chosen before goes straight to that edition's front page; the
 * choice is kept in this browser only (textsize.js records the edition each page is in).
 */
(function () {
  "use strict";

  var KEY = "newsroom:edition";
  var chosen = null;
  try {
    chosen = window.localStorage.getItem(KEY);
  } catch (error) { /* storage blocked: the reader chooses each time */ }
  if (!chosen || window.location.search.indexOf("choose") !== -1) {
    return;
  }
  var link = document.querySelector('a[data-edition="' + chosen.replace(/[^a-z-]/g, "") + '"]');
  if (link) {
    window.location.replace(link.href);
  }
})();
