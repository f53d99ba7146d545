// The comment form's stamp, made the reader's own.
//
// Story pages are cached for every reader, so the stamp written into the page is
// shared and carries one comment. When a reader starts writing, this asks the site
// for a stamp of their own (data-stamp-url: never cached, sets no cookie) and puts it
// in the form; "too quick" is then measured from that moment. Without this script,
// or if the request fails, the form still works: the page's stamp is used, and a
// reader whose stamp was already used is given a fresh one and asked to send again.
(function () {
  "use strict";

  var WAIT_AT_SUBMIT_MS = 3000;

  function enhance(form) {
    var field = form.querySelector('input[name="stamp"]');
    var url = form.getAttribute("data-stamp-url");
    if (!field || !url) {
      return;
    }
    var pending = null; // the request in flight
    var fetched = false; // this page view has its own stamp

    function fetchStamp() {
      if (fetched || pending) {
        return pending;
      }
      pending = fetch(url, {
        credentials: "omit",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && typeof data.stamp === "string") {
            field.value = data.stamp;
            fetched = true;
          }
        })
        .catch(function () {
          // The page's stamp stays: the form still works without ours.
        })
        .then(function () {
          pending = null;
        });
      return pending;
    }

    form.addEventListener("focusin", fetchStamp);
    form.addEventListener("input", fetchStamp);

    // Sent while the stamp is on its way: wait for it, a moment at most.
    form.addEventListener("submit", function (event) {
      if (!pending) {
        return;
      }
      event.preventDefault();
      var timer = new Promise(function (resolve) {
        setTimeout(resolve, WAIT_AT_SUBMIT_MS);
      });
      Promise.race([pending, timer]).then(function () {
        form.submit();
      });
    });

    // Back from the next page (the back/forward cache): the stamp in the form may
    // have carried a comment already.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && fetched) {
        fetched = false;
        fetchStamp();
      }
    });
  }

  document.querySelectorAll("form[data-stamp-url]").forEach(enhance);
})();
