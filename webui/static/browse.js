/* confsearch: the speakers and conferences lists filter as you type. Progressive enhancement: without this
   file the filter is a plain GET form. No inline script (the CSP forbids it). */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var form = document.querySelector("form.filter");
  var box = document.getElementById("filter");
  var listing = document.getElementById("listing");
  var status = document.getElementById("listing-status");
  if (!form || !box || !listing || !window.fetch || !window.AbortController) return;
  var timer = null;
  var controller = null;

  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, DELAY_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });

  /* Fetch the list fragment for the box's text; only the latest request may paint. */
  function update() {
    var text = box.value.trim();
    var url = form.getAttribute("action") + (text ? "?q=" + encodeURIComponent(text) : "");
    if (controller) controller.abort();
    var mine = controller = new AbortController();
    listing.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Partial": "1" }, signal: mine.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== controller) return;
        listing.innerHTML = html;  /* server-rendered, every text escaped once there */
        history.replaceState(null, "", url);
        var summary = listing.querySelector("[data-summary]");
        if (status && summary) status.textContent = summary.textContent.replace(/\s+/g, " ").trim();
      })
      .catch(function (error) {
        if (error.name !== "AbortError" && mine === controller && status) status.textContent = "Could not reach the server.";
      })
      .then(function () {
        if (mine === controller) listing.removeAttribute("aria-busy");
      });
  }
})();
